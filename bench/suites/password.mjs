// The password routes against raw argon2id at the same parameters, 8 in flight,
// measured by this script in the same run: POST /v1/token (password grant) against
// verify, POST /v1/signup against hash. SQLite, the embedded default.

import { argon2Params, argon2Rate } from '../lib/argon2-rate.mjs';
import { measure } from '../lib/load.mjs';
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

    const verifyRate = await argon2Rate('verify', params, 8);
    let next = 0;
    const signIn = await measure('POST /v1/token password -c 8', {
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
    });
    measurements.push(verifyRate, signIn);
    rows.push(ratioRow('POST /v1/token password grant, -c 8', signIn, verifyRate, 0.9));

    const hashRate = await argon2Rate('hash', params, 8);
    let serial = 0;
    const run = Date.now().toString(36);
    const signUpLoad = await measure('POST /v1/signup -c 8', {
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
    });
    measurements.push(hashRate, signUpLoad);
    rows.push(ratioRow('POST /v1/signup, -c 8', signUpLoad, hashRate, 0.8));
  } finally {
    await server.stop();
  }
  return { rows, measurements };
}
