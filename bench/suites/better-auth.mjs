// Better Auth (email + password, SQLite) beside Sésame (SQLite) on the same machine
// in the same run: get-session against GET /v1/me (-c 50), sign-in/email against
// the password grant of POST /v1/token (-c 8). Each server in its own process, each
// with its own defaults for password hashing (Better Auth: scrypt; Sésame: argon2id
// at OWASP parameters). Goal: Sésame ≥ 5× on both.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { measure } from '../lib/load.mjs';
import { startServerProcess } from '../lib/processes.mjs';
import { PASSWORD, call, expectOk, passwordGrant, signUp, startSesame } from '../lib/sesame.mjs';

const BETTER_AUTH_SERVER = fileURLToPath(new URL('../servers/better-auth.mjs', import.meta.url));
const EMAIL = 'compare@bench.test';

function jsonPost(base, path, payload, headers = {}) {
  return {
    url: `${base}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...headers },
    body: JSON.stringify(payload),
  };
}

function compareRow(benchmark, sesame, better) {
  const ratio = better.rps > 0 ? sesame.rps / better.rps : Infinity;
  return {
    benchmark,
    value: `Sésame ${sesame.rps.toFixed(0)} req/s (p99 ${sesame.p99Ms} ms)`,
    reference: `Better Auth ${better.rps.toFixed(0)} req/s (p99 ${better.p99Ms} ms)`,
    ratio: Number.isFinite(ratio) ? Number(ratio.toFixed(2)) : 'Better Auth completed no request',
    goal: '≥ 5',
    met: ratio >= 5,
  };
}

export async function run(ctx) {
  const measurements = [];
  const better = await startServerProcess(BETTER_AUTH_SERVER, { BETTER_AUTH_DB: join(ctx.scratch, 'better-auth.db') });
  let betterSession;
  let betterSignIn;
  try {
    const api = `${better.url}/api/auth`;
    await expectOk('better-auth sign-up', call(`${api}/sign-up/email`, { method: 'POST', json: { email: EMAIL, password: PASSWORD, name: 'Bench' }, headers: { origin: better.url } }));
    const signIn = await expectOk('better-auth sign-in', call(`${api}/sign-in/email`, { method: 'POST', json: { email: EMAIL, password: PASSWORD }, headers: { origin: better.url } }));
    const cookie = signIn.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    betterSession = await measure('Better Auth GET get-session -c 50', { url: `${api}/get-session`, connections: 50, headers: { cookie } });
    betterSignIn = await measure('Better Auth POST sign-in/email -c 8', {
      ...jsonPost(better.url, '/api/auth/sign-in/email', { email: EMAIL, password: PASSWORD }),
      connections: 8,
    });
    measurements.push(betterSession, betterSignIn);
  } finally {
    await better.stop();
  }

  const sesame = await startSesame(await ctx.database('sqlite', 'compare'));
  try {
    await signUp(sesame.url, EMAIL);
    const { access_token } = await passwordGrant(sesame.url, EMAIL);
    const me = await measure('Sésame GET /v1/me -c 50', {
      url: `${sesame.url}/v1/me`,
      connections: 50,
      headers: { authorization: `Bearer ${access_token}` },
    });
    const token = await measure('Sésame POST /v1/token password -c 8', {
      ...jsonPost(sesame.url, '/v1/token', { grant_type: 'password', username: EMAIL, password: PASSWORD }),
      connections: 8,
    });
    measurements.push(me, token);
    return {
      rows: [
        compareRow('session check: GET /v1/me vs get-session, sqlite, -c 50', me, betterSession),
        compareRow('sign-in: POST /v1/token vs sign-in/email, sqlite, -c 8', token, betterSignIn),
      ],
      measurements,
    };
  } finally {
    await sesame.stop();
  }
}
