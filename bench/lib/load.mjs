// One measurement: a warm-up, then RUNS timed runs of DURATION seconds with
// autocannon, the median run (by requests per second) reported with its latencies.
// A run with any non-2xx answer or socket error fails the benchmark: a fast error
// page is not a result.

import autocannon from 'autocannon';

export const timing = {
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
  runs: Number(process.env.BENCH_RUNS ?? 3),
};

function once(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summarize(result) {
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * @param {string} label
 * @param {import('autocannon').Options} options autocannon options (url, connections, requests…)
 * @param {{ warmup?: boolean, allowNon2xx?: boolean }} [flags]
 */
export async function measure(label, options, flags = {}) {
  if (flags.warmup !== false && timing.warmupSeconds > 0) {
    await once({ ...options, duration: timing.warmupSeconds });
  }
  const runs = [];
  for (let i = 0; i < timing.runs; i++) {
    const run = summarize(await once({ ...options, duration: timing.durationSeconds }));
    if (!flags.allowNon2xx && (run.non2xx > 0 || run.errors > 0)) {
      throw new Error(`${label}: ${run.non2xx} non-2xx answers and ${run.errors} errors in a run`);
    }
    runs.push(run);
  }
  const byRate = [...runs].sort((a, b) => a.rps - b.rps);
  const chosen = byRate[Math.floor(byRate.length / 2)];
  const result = { label, connections: options.connections ?? 10, ...chosen, runs };
  console.log(
    `  ${label.padEnd(48)} ${chosen.rps.toFixed(0).padStart(7)} req/s  p50 ${chosen.p50Ms} ms  p99 ${chosen.p99Ms} ms`,
  );
  return result;
}
