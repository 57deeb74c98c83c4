// GET /v1/me with a valid access token (signature + session checked) on SQLite and
// PostgreSQL, at -c 50 and -c 10, against the ceiling at the same concurrency; and
// the plumbing floor: the same app answering a constant from a route of its own.

import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { fileURLToPath } from 'node:url';
import { FAST_SETUP, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const GOALS = { sqlite: 0.6, postgres: 0.45 };
const FLOOR_GOAL = 0.85;
const FLOOR_SERVER = fileURLToPath(new URL('../servers/sesame-floor.mjs', import.meta.url));

export async function run(ctx) {
  const ceiling = await ctx.ceiling();
  const rows = [];
  const measurements = [];
  const floor = await startSesame(await ctx.database('sqlite', 'floor'), FAST_SETUP, { script: FLOOR_SERVER });
  try {
    for (const connections of [50, 10]) {
      const label = `plumbing floor -c ${connections}`;
      const options = { url: `${floor.url}/bench/floor`, connections };
      const paired = await measurePaired(label, (s) => timedRun(label, options, s), `ceiling -c ${connections}`, ceiling(connections));
      measurements.push(paired);
      rows.push(ratioRow(`the same app answering a constant (plumbing floor), -c ${connections}`, paired, FLOOR_GOAL));
    }
  } finally {
    await floor.stop();
  }
  for (const dialect of ['sqlite', 'postgres']) {
    const server = await startSesame(await ctx.database(dialect, 'me'), FAST_SETUP);
    try {
      await signUp(server.url, 'me@bench.test');
      const { access_token } = await passwordGrant(server.url, 'me@bench.test');
      for (const connections of [50, 10]) {
        const label = `GET /v1/me ${dialect} -c ${connections}`;
        const options = { url: `${server.url}/v1/me`, connections, headers: { authorization: `Bearer ${access_token}` } };
        const paired = await measurePaired(label, (s) => timedRun(label, options, s), `ceiling -c ${connections}`, ceiling(connections));
        measurements.push(paired);
        rows.push(ratioRow(`GET /v1/me, ${dialect}, -c ${connections}`, paired, GOALS[dialect]));
      }
    } finally {
      await server.stop();
    }
  }
  return { rows, measurements };
}
