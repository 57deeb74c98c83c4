// Memory: the RSS of the Sésame process after a warm-up, then after 60 s of mixed
// load (session checks, refresh rotations, password sign-ins, sign-ups, all at
// once). Goal: growth < 20%. Default argon2id parameters: their memory is part of
// the real footprint.

import autocannon from 'autocannon';
import { refreshLoad } from './refresh.mjs';
import { PASSWORD, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const LOAD_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);
const WARMUP_SECONDS = 10;

function mixed(base, access, refreshOptions, seconds) {
  let serial = 0;
  const tag = Date.now().toString(36);
  const runs = [
    { url: `${base}/v1/me`, connections: 20, headers: { authorization: `Bearer ${access}` } },
    { ...refreshOptions, connections: 10 },
    {
      url: `${base}/v1/token`, connections: 2, method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'memory@bench.test', password: PASSWORD }),
    },
    {
      url: `${base}/v1/signup`, connections: 2,
      requests: [{
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `mem-${tag}-${serial++}@bench.test`, password: PASSWORD }),
        }),
      }],
    },
  ];
  return Promise.all(
    runs.map((options) => new Promise((resolve, reject) => {
      autocannon({ ...options, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
    })),
  );
}

export async function run(ctx) {
  const server = await startSesame(await ctx.database('sqlite', 'memory'));
  try {
    await signUp(server.url, 'memory@bench.test');
    const { access_token } = await passwordGrant(server.url, 'memory@bench.test');
    const refreshOptions = await refreshLoad(server.url, 'memory-refresh@bench.test');
    await mixed(server.url, access_token, refreshOptions, WARMUP_SECONDS);
    const afterWarmup = server.rssBytes();
    const samples = [];
    const sampler = setInterval(() => samples.push(server.rssBytes()), 1000);
    const results = await mixed(server.url, access_token, refreshOptions, LOAD_SECONDS);
    clearInterval(sampler);
    const afterLoad = server.rssBytes();
    const growth = afterLoad / afterWarmup - 1;
    const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
    console.log(`  RSS after warm-up ${mib(afterWarmup)} MiB, after ${LOAD_SECONDS} s ${mib(afterLoad)} MiB, peak ${mib(Math.max(...samples))} MiB`);
    return {
      rows: [{
        benchmark: `RSS after ${LOAD_SECONDS} s of mixed load (me, refresh, sign-in, sign-up), sqlite`,
        value: `${mib(afterLoad)} MiB (peak ${mib(Math.max(...samples))} MiB)`,
        reference: `after warm-up: ${mib(afterWarmup)} MiB`,
        ratio: Number((1 + growth).toFixed(3)),
        goal: 'growth < 20% (ratio < 1.2)',
        met: growth < 0.2,
      }],
      measurements: [{ afterWarmup, afterLoad, samples, requests: results.map((r) => ({ rps: r.requests.average, non2xx: r.non2xx, errors: r.errors })) }],
    };
  } finally {
    await server.stop();
  }
}
