// Sésame under test: its environment, its server process, and the few client calls
// the benchmarks need to set themselves up (sign-up, sign-in, an admin).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './processes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SESAME_SERVER = fileURLToPath(new URL('../servers/sesame.mjs', import.meta.url));
export const PASSWORD = 'bench correct horse battery staple';

/**
 * The environment of every Sésame under test. LOG_LEVEL=warn: the ceiling and
 * Better Auth log nothing per request either (BENCHMARKS.md says so). The per-IP
 * rate limits are raised because the whole load comes from one IP; the per-account
 * sign-in throttle stays (it only counts failures, and the benchmarks do not fail).
 */
export function sesameEnv(databaseUrl, extra = {}) {
  return {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://127.0.0.1',
    RATE_LIMIT_SIGN_IN: '1000000',
    RATE_LIMIT_SIGN_UP: '1000000',
    RATE_LIMIT_REFRESH: '1000000',
    RATE_LIMIT_MAIL: '1000000',
    MAIL_PER_ADDRESS_PER_HOUR: '1000',
    ...extra,
  };
}

/**
 * Cheap argon2id for the suites that measure no password hashing (session checks,
 * refresh), so that setting up hundreds of sessions takes seconds, not minutes.
 */
export const FAST_SETUP = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };

/** Node's flags for Sésame, as `npm start` and the `sesame` command run it (package.json, src/cli/main.ts). */
export const SESAME_NODE_FLAGS = ['--max-semi-space-size=64'];

/** BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each Sésame process there. */
export function startSesame(databaseUrl, extra = {}, { script = SESAME_SERVER, ...options } = {}) {
  const profile = process.env.BENCH_CPU_PROF;
  const execArgv = [...SESAME_NODE_FLAGS, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [])];
  return startServerProcess(script, sesameEnv(databaseUrl, extra), { execArgv, ...options });
}

/** `sesame create-admin`, the operator's way, in a process of its own. */
export function createAdmin(databaseUrl, email, password = PASSWORD) {
  execFileSync(process.execPath, [`${root}/dist/cli/main.js`, 'create-admin', '--email', email, '--password', password], {
    env: { ...process.env, ...sesameEnv(databaseUrl) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function call(url, { method = 'GET', json, form, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body, headers: response.headers };
}

export async function expectOk(label, promise) {
  const answer = await promise;
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer;
}

export async function signUp(base, email, password = PASSWORD) {
  return expectOk(`signup ${email}`, call(`${base}/v1/signup`, { method: 'POST', json: { email, password } }));
}

/** @returns {Promise<{access_token: string, refresh_token: string}>} */
export async function passwordGrant(base, email, password = PASSWORD) {
  const answer = await expectOk(
    `token ${email}`,
    call(`${base}/v1/token`, { method: 'POST', json: { grant_type: 'password', username: email, password } }),
  );
  return answer.body;
}
