// Prints the Markdown section of BENCHMARKS.md for result files of bench/results/:
// `node bench/report.mjs bench/results/<stamp>-*.json`.

import { readFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const record = JSON.parse(readFileSync(file, 'utf8'));
  const { machine } = record;
  console.log(`### ${record.suite}\n`);
  console.log(`- date: ${record.startedAt} → ${record.finishedAt}`);
  console.log(`- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${machine.loadavg.join(' / ')} at the start, ${record.loadavgAfter.join(' / ')} at the end`);
  console.log(`- command: \`${record.command}\` (warm-up ${record.timing.warmupSeconds} s, ${record.timing.runs} timed runs of ${record.timing.durationSeconds} s)`);
  console.log(`- raw: [\`${file}\`](${file})\n`);
  console.log('| benchmark | measured | reference (same run) | ratio | goal | met |');
  console.log('|---|---|---|---|---|---|');
  for (const row of record.rows) {
    console.log(`| ${row.benchmark} | ${row.value} | ${row.reference} | ${row.ratio} | ${row.goal} | ${row.met ? 'yes' : '**no**'} |`);
  }
  console.log('');
}
