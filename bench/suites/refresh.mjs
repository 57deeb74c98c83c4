// POST /v1/token refresh grant at -c 50 against the ceiling. Refresh tokens rotate
// and a replay ends the session, so the load walks a pool of chains: a request takes
// a token from the pool and its answer puts the next one back. Requests cut off at
// the end of a run lose their chain, hence many more chains than connections.

import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { FAST_SETUP, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const CONNECTIONS = 50;
const CHAINS = 400;

/** autocannon options that walk `CHAINS` refresh-token chains. */
export async function refreshLoad(base, email) {
  await signUp(base, email);
  const chains = [];
  for (let i = 0; i < CHAINS; i++) chains.push((await passwordGrant(base, email)).refresh_token);
  return {
    url: `${base}/v1/token`,
    connections: CONNECTIONS,
    requests: [
      {
        method: 'POST',
        setupRequest(request, context) {
          context.chain = chains.pop();
          return {
            ...request,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: context.chain }),
          };
        },
        onResponse(status, body, context) {
          if (status === 200) chains.unshift(JSON.parse(body).refresh_token);
        },
      },
    ],
  };
}

export async function run(ctx) {
  const ceiling = await ctx.ceiling();
  const server = await startSesame(await ctx.database('sqlite', 'refresh'), FAST_SETUP);
  try {
    const label = 'POST /v1/token refresh -c 50';
    const options = await refreshLoad(server.url, 'refresh@bench.test');
    const paired = await measurePaired(label, (s) => timedRun(label, options, s), 'ceiling -c 50', ceiling(CONNECTIONS));
    return {
      rows: [ratioRow('POST /v1/token refresh grant, sqlite, -c 50', paired, 0.2)],
      measurements: [paired],
    };
  } finally {
    await server.stop();
  }
}
