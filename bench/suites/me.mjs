// GET /v1/me with a valid access token (signature + session checked) on SQLite and
// PostgreSQL, at -c 50 and -c 10, against the ceiling at the same concurrency.

import { measure } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { FAST_SETUP, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const GOALS = { sqlite: 0.45, postgres: 0.25 };

export async function run(ctx) {
  const ceilings = { 50: await ctx.ceiling(50), 10: await ctx.ceiling(10) };
  const rows = [];
  const measurements = [...Object.values(ceilings)];
  for (const dialect of ['sqlite', 'postgres']) {
    const server = await startSesame(await ctx.database(dialect, 'me'), FAST_SETUP);
    try {
      await signUp(server.url, 'me@bench.test');
      const { access_token } = await passwordGrant(server.url, 'me@bench.test');
      for (const connections of [50, 10]) {
        const result = await measure(`GET /v1/me ${dialect} -c ${connections}`, {
          url: `${server.url}/v1/me`,
          connections,
          headers: { authorization: `Bearer ${access_token}` },
        });
        measurements.push(result);
        rows.push(ratioRow(`GET /v1/me, ${dialect}, -c ${connections}`, result, ceilings[connections], GOALS[dialect]));
      }
    } finally {
      await server.stop();
    }
  }
  return { rows, measurements };
}
