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

/** Requests slower than this count as errors (autocannon's default is 10 s). */
const TIMEOUT_SECONDS = 30;

export function once(options) {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: TIMEOUT_SECONDS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export function summarize(result) {
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

/** One timed autocannon run of `options`, summarized. */
export async function timedRun(label, options, seconds = timing.durationSeconds, flags = {}) {
  const run = summarize(await once({ ...options, duration: seconds }));
  if (!flags.allowNon2xx && (run.non2xx > 0 || run.errors > 0)) {
    throw new Error(`${label}: ${run.non2xx} non-2xx answers and ${run.errors} errors in a run`);
  }
  return run;
}

/**
 * A measurement and its reference, interleaved run by run (reference, subject,
 * reference, subject…) so that both see the same machine: on a shared, noisy
 * machine the load of the other tenants changes from one minute to the next. Each
 * pair gives a ratio; the median pair (by ratio) is reported.
 * @param {string} label
 * @param {(seconds: number) => Promise<{rps: number}>} subject
 * @param {string} referenceLabel
 * @param {(seconds: number) => Promise<{rps: number}>} reference
 */
export async function measurePaired(label, subject, referenceLabel, reference) {
  if (timing.warmupSeconds > 0) {
    await reference(timing.warmupSeconds);
    await subject(timing.warmupSeconds);
  }
  const pairs = [];
  for (let i = 0; i < timing.runs; i++) {
    const ref = await reference(timing.durationSeconds);
    const run = await subject(timing.durationSeconds);
    pairs.push({ reference: ref, subject: run, ratio: ref.rps > 0 ? run.rps / ref.rps : Infinity });
  }
  const chosen = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)];
  const fmt = (r) => `${r.rps.toFixed(r.rps < 100 ? 1 : 0).padStart(7)}/s${r.p99Ms !== undefined ? ` p99 ${r.p99Ms} ms` : ''}`;
  console.log(`  ${label.padEnd(48)} ${fmt(chosen.subject)}  vs ${referenceLabel}: ${fmt(chosen.reference)}  ratio ${chosen.ratio.toFixed(3)}`);
  return {
    label,
    referenceLabel,
    ratio: chosen.ratio,
    subject: chosen.subject,
    reference: chosen.reference,
    pairs,
  };
}
