// Progress of a long command: a bar with records/s and ETA on a terminal
// (cli-progress), one plain line every 10 % otherwise (logs, CI, pipes).

import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` of `total` units (bytes read, rows copied); `records` counted so far. */
  update(done: number, records: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const rate = (records: number) => Math.round(records / Math.max((performance.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { records: 0, rate: 0 });
    return {
      update: (done, records) => bar.update(Math.min(done, total), { records, rate: rate(records) }),
      stop: () => bar.stop(),
    };
  }
  let nextTenth = 1;
  return {
    update(done, records) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (tenth < nextTenth) return;
      nextTenth = tenth + 1;
      const seconds = (performance.now() - started) / 1000;
      const eta = done > 0 ? Math.round((seconds * (total - done)) / done) : 0;
      stream.write(`${label}: ${tenth * 10}% (${records} records, ${rate(records)} records/s, ETA ${eta} s)\n`);
    },
    stop() {},
  };
}
