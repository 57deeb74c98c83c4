// The reference of the password benchmarks: raw argon2id rates through
// @node-rs/argon2 at Sésame's parameters, `inFlight` operations at a time, in the
// same timing scheme as the HTTP runs (warm-up, RUNS × DURATION s, median).

import { hash, verify } from '@node-rs/argon2';
import { median, timing } from './load.mjs';

const ARGON2ID = 2;

export function argon2Params(env) {
  return {
    algorithm: ARGON2ID,
    memoryCost: Number(env.ARGON2_MEMORY_KIB ?? 19456),
    timeCost: Number(env.ARGON2_ITERATIONS ?? 2),
    parallelism: Number(env.ARGON2_PARALLELISM ?? 1),
  };
}

async function rate(operation, inFlight, seconds) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      await operation();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done / ((performance.now() - started) / 1000);
}

/** A `(seconds) => {rps}` runner of raw argon2id, for measurePaired. */
export async function argon2Runner(kind, params, inFlight = 8) {
  const stored = await hash('correct horse battery staple', params);
  let counter = 0;
  const operation =
    kind === 'verify'
      ? () => verify(stored, 'correct horse battery staple')
      : () => hash(`password number ${counter++}`, params);
  return async (seconds) => ({ rps: await rate(operation, inFlight, seconds), inFlight, params });
}

/** @param {'hash' | 'verify'} kind */
export async function argon2Rate(kind, params, inFlight = 8) {
  const stored = await hash('correct horse battery staple', params);
  let counter = 0;
  const operation =
    kind === 'verify'
      ? () => verify(stored, 'correct horse battery staple')
      : () => hash(`password number ${counter++}`, params);
  if (timing.warmupSeconds > 0) await rate(operation, inFlight, timing.warmupSeconds);
  const runs = [];
  for (let i = 0; i < timing.runs; i++) runs.push(await rate(operation, inFlight, timing.durationSeconds));
  const rps = median(runs);
  console.log(`  ${`raw argon2id ${kind}, ${inFlight} in flight`.padEnd(48)} ${rps.toFixed(1).padStart(7)} op/s`);
  return { label: `argon2id ${kind} ×${inFlight}`, rps, runs, params };
}
