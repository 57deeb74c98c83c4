// The administration's user list at a million users, on SQLite and PostgreSQL:
// the first page, a page further on (keyset cursor), a search by `q` (common names
// and rare user numbers) and a lookup by `email`. Goal: p99 < 20 ms. The users are
// bulk-inserted with one shared precomputed hash; the seeding time is reported.
// One connection: the latency an admin sees, not a queue of ten (a queue multiplies
// p99 by its length and measures the machine, not the query).

import { hash } from '@node-rs/argon2';
import { argon2Params } from '../lib/argon2-rate.mjs';
import { measure } from '../lib/load.mjs';
import { FIRST_NAMES, LAST_NAMES, seedUsers, seededEmail } from '../lib/seed-users.mjs';
import { createAdmin, passwordGrant, sesameEnv, startSesame, call } from '../lib/sesame.mjs';

const USERS = Number(process.env.BENCH_USERS ?? 1_000_000);
const CONNECTIONS = 1;
const GOAL_P99_MS = 20;

function randomInt(max) {
  return 1 + Math.floor(Math.random() * max);
}

/** The `q` of one request: half common (a name, matches ~5% of users), half rare (a user number). */
function searchTerm(i) {
  if (i % 2 === 0) {
    const names = [...FIRST_NAMES, ...LAST_NAMES];
    return names[i % names.length].toLowerCase();
  }
  return `user${randomInt(USERS)}@`;
}

export async function run(ctx) {
  const rows = [];
  const measurements = [];
  const seeding = {};
  const passwordHash = await hash('a password nobody types', argon2Params(sesameEnv('')));
  for (const dialect of ['sqlite', 'postgres']) {
    const url = await ctx.database(dialect, 'admin');
    createAdmin(url, 'admin@bench.test'); // migrates, then makes the admin
    seeding[dialect] = await seedUsers(url, USERS, passwordHash);
    console.log(`  seeded ${USERS} users on ${dialect} in ${seeding[dialect].toFixed(1)} s`);
    const server = await startSesame(url);
    try {
      const { access_token } = await passwordGrant(server.url, 'admin@bench.test');
      const headers = { authorization: `Bearer ${access_token}` };
      const deep = await call(`${server.url}/v1/users?limit=50`, { headers });
      let cursor = deep.body.next_cursor;
      for (let i = 0; i < 20 && cursor; i++) {
        cursor = (await call(`${server.url}/v1/users?limit=50&cursor=${encodeURIComponent(cursor)}`, { headers })).body.next_cursor;
      }
      let i = 0;
      const cases = {
        'GET /v1/users (first page, 50)': () => '/v1/users?limit=50',
        'GET /v1/users?cursor= (page 22)': () => `/v1/users?limit=50&cursor=${encodeURIComponent(cursor)}`,
        'GET /v1/users?role=moderator': () => '/v1/users?limit=50&role=moderator',
        'GET /v1/users?q= (names and user numbers)': () => `/v1/users?limit=50&q=${encodeURIComponent(searchTerm(i++))}`,
        'GET /v1/users?email=': () => `/v1/users?email=${encodeURIComponent(seededEmail(randomInt(USERS)))}`,
      };
      for (const [label, path] of Object.entries(cases)) {
        const result = await measure(`${label} ${dialect}`, {
          url: server.url,
          connections: CONNECTIONS,
          requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: path() }) }],
        });
        measurements.push(result);
        rows.push({
          benchmark: `${label}, ${dialect}, ${USERS.toLocaleString('en')} users, -c ${CONNECTIONS}`,
          value: `p99 ${result.p99Ms} ms (p50 ${result.p50Ms} ms, ${result.rps.toFixed(0)} req/s)`,
          reference: '—',
          ratio: '—',
          goal: `p99 < ${GOAL_P99_MS} ms`,
          met: result.p99Ms < GOAL_P99_MS,
        });
      }
    } finally {
      await server.stop();
    }
  }
  rows.push({
    benchmark: `seeding ${USERS.toLocaleString('en')} users (bulk INSERT … SELECT, one shared hash)`,
    value: `SQLite ${seeding.sqlite.toFixed(1)} s, PostgreSQL ${seeding.postgres.toFixed(1)} s`,
    reference: '—',
    ratio: '—',
    goal: 'reported',
    met: true,
  });
  return { rows, measurements, seedingSeconds: seeding };
}
