// GET /v1/me with a valid access token (signature + session checked) on SQLite and
// PostgreSQL, at -c 50 and -c 10, against the ceiling at the same concurrency.

import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { FAST_SETUP, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const GOALS = { sqlite: 0.45, postgres: 0.25 };

export async function run(ctx) {
  const ceiling = await ctx.ceiling();
  const rows = [];
  const measurements = [];
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
