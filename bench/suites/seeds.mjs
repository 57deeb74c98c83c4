// The session check of each seed API mounted on this build, against the ceiling at
// -c 50: myclass (login token + email on get_user_account), userapi (Bearer on
// /getuser), coinduchef (Bearer on /users/me/), crdm (session cookie on /api/user/).
// The APIs not mounted yet are listed as such; the script runs them once they are.

import { measurePaired, timedRun } from '../lib/load.mjs';
import { ratioRow } from '../lib/context.mjs';
import { FAST_SETUP, PASSWORD, call, createAdmin, expectOk, startSesame } from '../lib/sesame.mjs';

const CONNECTIONS = 50;
const GOAL = 0.5; // issue 19
const EMAIL = 'seed-user@bench.test';

/** `name=value` pairs of the Set-Cookie headers of an answer. */
function cookiesOf(answer) {
  return Object.fromEntries(answer.headers.getSetCookie().map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}

/** For each seed API: sign in its own way, then the request that checks the session. */
const scenarios = {
  async myclass(base) {
    const login = await expectOk('myclass login', call(`${base}/login`, { method: 'POST', form: { Email: EMAIL, Pwd: PASSWORD } }));
    const token = login.body.message;
    return { label: 'myclass POST get_user_account (token + email)', method: 'POST', path: '/get_user_account',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: EMAIL, token }).toString() };
  },
  async userapi(base) {
    const query = new URLSearchParams({ email: EMAIL, pass: PASSWORD });
    const login = await expectOk('userapi login', call(`${base}/login?${query}`, { method: 'POST' }));
    return { label: 'userapi POST /getuser (Bearer token)', method: 'POST', path: '/getuser',
      headers: { authorization: `Bearer ${login.body.message?.token ?? login.body.token}` } };
  },
  async coinduchef(base) {
    const login = await expectOk('coinduchef token', call(`${base}/token`, { method: 'POST', form: { username: EMAIL, password: PASSWORD } }));
    return { label: 'coinduchef GET /users/me/ (Bearer token)', method: 'GET', path: '/users/me/',
      headers: { authorization: `Bearer ${login.body.access_token}` } };
  },
  async crdm(base) {
    const csrf = await expectOk('crdm csrf-cookie', call(`${base}/sanctum/csrf-cookie`));
    let jar = cookiesOf(csrf);
    const cookie = () => Object.entries(jar).map(([name, value]) => `${name}=${value}`).join('; ');
    const login = await expectOk('crdm login', call(`${base}/login`, {
      method: 'POST',
      json: { email: EMAIL, password: PASSWORD, remember: false },
      headers: { cookie: cookie(), 'x-xsrf-token': decodeURIComponent(jar['XSRF-TOKEN'] ?? '') },
    }));
    jar = { ...jar, ...cookiesOf(login) };
    return { label: 'crdm GET /api/user/ (session cookie)', method: 'GET', path: '/api/user/', headers: { cookie: cookie() } };
  },
};

export async function run(ctx) {
  const { seedApis } = await import('../../dist/apis/registry.js');
  const mounted = Object.keys(scenarios).filter((name) => seedApis[name]);
  const missing = Object.keys(scenarios).filter((name) => !seedApis[name]);
  const rows = missing.map((name) => ({ benchmark: `${name} session check`, value: 'not mounted on this build', reference: '—', ratio: '—', goal: `≥ ${GOAL}`, met: false }));
  if (mounted.length === 0) return { rows, measurements: [], mounted };

  const ceiling = (await ctx.ceiling())(CONNECTIONS);
  const measurements = [];
  const url = await ctx.database('sqlite', 'seeds');
  createAdmin(url, EMAIL); // an activated account, as myclass' login requires
  const server = await startSesame(url, FAST_SETUP);
  try {
    const { loadConfig } = await import('../../dist/config.js');
    const config = loadConfig({ DATABASE_URL: url });
    for (const name of mounted) {
      const base = `${server.url}${config.apis[name].prefix}`;
      const request = await scenarios[name](base);
      const options = {
        url: base,
        connections: CONNECTIONS,
        requests: [{ method: request.method, path: `${new URL(base).pathname}${request.path}`, headers: request.headers, body: request.body }],
      };
      const paired = await measurePaired(request.label, (s) => timedRun(request.label, options, s), `ceiling -c ${CONNECTIONS}`, ceiling);
      measurements.push(paired);
      rows.unshift(ratioRow(`${request.label}, sqlite, -c ${CONNECTIONS}`, paired, GOAL));
    }
  } finally {
    await server.stop();
  }
  return { rows, measurements, mounted };
}
