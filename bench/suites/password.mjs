// The password routes against raw argon2id at the same parameters, 8 in flight,
// measured by this script in the same run: POST /v1/token (password grant) against
// verify, POST /v1/signup against hash. SQLite, the embedded default.

import { argon2Params, argon2Runner } from '../lib/argon2-rate.mjs';
import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { PASSWORD, sesameEnv, signUp, startSesame } from '../lib/sesame.mjs';

const USERS = 8;

export async function run(ctx) {
  const params = argon2Params(sesameEnv(''));
  const rows = [];
  const measurements = [];
  const server = await startSesame(await ctx.database('sqlite', 'password'));
  try {
    for (let i = 0; i < USERS; i++) await signUp(server.url, `signin${i}@bench.test`);

    let next = 0;
    const signInOptions = {
      url: `${server.url}/v1/token`,
      connections: 8,
      requests: [
        {
          method: 'POST',
          setupRequest(request) {
            const username = `signin${next++ % USERS}@bench.test`;
            return {
              ...request,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ grant_type: 'password', username, password: PASSWORD }),
            };
          },
        },
      ],
    };
    const signInLabel = 'POST /v1/token password -c 8';
    const signIn = await measurePaired(
      signInLabel,
      (s) => timedRun(signInLabel, signInOptions, s),
      'raw argon2id verify, 8 in flight',
      await argon2Runner('verify', params, 8),
    );
    measurements.push(signIn);
    rows.push(ratioRow('POST /v1/token password grant, sqlite, -c 8', signIn, 0.95));

    let serial = 0;
    const run = Date.now().toString(36);
    const signUpOptions = {
      url: `${server.url}/v1/signup`,
      connections: 8,
      requests: [
        {
          method: 'POST',
          setupRequest(request) {
            const email = `new-${run}-${serial++}@bench.test`;
            return {
              ...request,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email, password: PASSWORD }),
            };
          },
        },
      ],
    };
    const signUpLabel = 'POST /v1/signup -c 8';
    const signUpLoad = await measurePaired(
      signUpLabel,
      (s) => timedRun(signUpLabel, signUpOptions, s),
      'raw argon2id hash, 8 in flight',
      await argon2Runner('hash', params, 8),
    );
    measurements.push(signUpLoad);
    rows.push(ratioRow('POST /v1/signup, sqlite, -c 8', signUpLoad, 0.8));
  } finally {
    await server.stop();
  }
  return { rows, measurements };
}
