// The cost of the metrics on GET /v1/me: the same Sésame on the same database,
// once with metrics served (METRICS_TOKEN: every request timed into the route
// histogram) and once without, interleaved run by run. Goal: at most 3 % fewer
// requests per second with metrics on (issue 21). The kernel's counters (sign-ins,
// sign-ups…) are counted either way and cost nothing on /v1/me.

import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { FAST_SETUP, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const GOAL = 0.97;

export async function run(ctx) {
  const rows = [];
  const measurements = [];
  for (const dialect of ['sqlite', 'postgres']) {
    const database = await ctx.database(dialect, 'metrics');
    const off = await startSesame(database, FAST_SETUP);
    const on = await startSesame(database, { ...FAST_SETUP, METRICS_TOKEN: 'bench-metrics-token-0123456789' });
    try {
      await signUp(off.url, 'metrics@bench.test');
      const { access_token } = await passwordGrant(off.url, 'metrics@bench.test');
      const headers = { authorization: `Bearer ${access_token}` };
      for (const connections of [50, 10]) {
        const label = `GET /v1/me ${dialect} -c ${connections}, metrics on`;
        const subject = (s) => timedRun(label, { url: `${on.url}/v1/me`, connections, headers }, s);
        const reference = (s) => timedRun(`metrics off -c ${connections}`, { url: `${off.url}/v1/me`, connections, headers }, s);
        const paired = await measurePaired(label, subject, `metrics off -c ${connections}`, reference);
        measurements.push(paired);
        rows.push(ratioRow(`GET /v1/me with metrics on vs off, ${dialect}, -c ${connections}`, paired, GOAL));
      }
    } finally {
      await on.stop();
      await off.stop();
    }
  }
  return { rows, measurements };
}
