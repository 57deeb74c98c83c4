// Better Auth (email + password, SQLite) beside Sésame (SQLite) on the same machine
// in the same run: get-session against GET /v1/me (-c 50), sign-in/email against
// the password grant of POST /v1/token (-c 8). Each server in its own process, each
// with its own defaults for password hashing (Better Auth: scrypt; Sésame: argon2id
// at OWASP parameters). Goal: Sésame ≥ 5× on both.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { measurePaired, timedRun } from '../lib/load.mjs';
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

function compareRow(benchmark, paired) {
  const { subject: sesame, reference: better, ratio } = paired;
  return {
    benchmark,
    value: `Sésame ${sesame.rps.toFixed(0)} req/s (p99 ${sesame.p99Ms} ms)`,
    reference: `Better Auth ${better.rps.toFixed(better.rps < 100 ? 1 : 0)} req/s (p99 ${better.p99Ms} ms)`,
    ratio: Number.isFinite(ratio) ? Number(ratio.toFixed(2)) : 'Better Auth completed no request',
    goal: '≥ 5',
    met: ratio >= 5,
  };
}

/** Both servers run side by side; their runs alternate (Better Auth, Sésame, …). */
export async function run(ctx) {
  const better = await startServerProcess(BETTER_AUTH_SERVER, { BETTER_AUTH_DB: join(ctx.scratch, 'better-auth.db') });
  const sesame = await startSesame(await ctx.database('sqlite', 'compare'));
  try {
    const api = `${better.url}/api/auth`;
    await expectOk('better-auth sign-up', call(`${api}/sign-up/email`, { method: 'POST', json: { email: EMAIL, password: PASSWORD, name: 'Bench' }, headers: { origin: better.url } }));
    const signIn = await expectOk('better-auth sign-in', call(`${api}/sign-in/email`, { method: 'POST', json: { email: EMAIL, password: PASSWORD }, headers: { origin: better.url } }));
    const cookie = signIn.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    await signUp(sesame.url, EMAIL);
    const { access_token } = await passwordGrant(sesame.url, EMAIL);

    const session = await measurePaired(
      'Sésame GET /v1/me -c 50',
      (s) => timedRun('Sésame /v1/me', { url: `${sesame.url}/v1/me`, connections: 50, headers: { authorization: `Bearer ${access_token}` } }, s),
      'Better Auth get-session -c 50',
      (s) => timedRun('Better Auth get-session', { url: `${api}/get-session`, connections: 50, headers: { cookie } }, s),
    );
    const credentials = { email: EMAIL, password: PASSWORD };
    const signInPaired = await measurePaired(
      'Sésame POST /v1/token password -c 8',
      (s) => timedRun('Sésame /v1/token', { ...jsonPost(sesame.url, '/v1/token', { grant_type: 'password', username: EMAIL, password: PASSWORD }), connections: 8 }, s),
      'Better Auth sign-in/email -c 8',
      (s) => timedRun('Better Auth sign-in', { ...jsonPost(better.url, '/api/auth/sign-in/email', credentials), connections: 8 }, s),
    );
    return {
      rows: [
        compareRow('session check: GET /v1/me vs get-session, sqlite, -c 50', session),
        compareRow('sign-in: POST /v1/token vs sign-in/email, sqlite, -c 8', signInPaired),
      ],
      measurements: [session, signInPaired],
    };
  } finally {
    await better.stop();
    await sesame.stop();
  }
}
