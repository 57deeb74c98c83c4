// Crash safety: Sésame runs in a child process while a client signs users up;
// it is killed with SIGKILL at a random moment, five times, then restarted on the
// same database. Every sign-up that was answered 201 must exist with its
// credential, nothing may be half-written, and (SQLite) the file must pass
// `PRAGMA integrity_check`. On a SQLite file and on PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openSesameStore } from '../../src/services.js';
import type { KyselyStore } from '../../src/store/store.js';
import { startChildServer } from '../helpers/child-server.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD } from '../helpers/native-client.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const CLIENTS = 4;

/**
 * Signs users up in CLIENTS parallel loops; `killAfterMs` after the first 201 the
 * server is killed (a random moment of steady traffic). Returns the emails answered 201.
 */
async function signUpUntilKilled(url: string, round: number, killAfterMs: number, kill: () => Promise<void>): Promise<string[]> {
  const confirmed: string[] = [];
  let alive = true;
  let firstConfirmed: () => void = () => {};
  const killer = new Promise<void>((resolve) => (firstConfirmed = resolve))
    .then(() => new Promise((resolve) => setTimeout(resolve, killAfterMs)))
    .then(() => {
      alive = false;
      return kill();
    });
  const loop = async (client: number) => {
    for (let n = 0; alive; n++) {
      const email = `crash-r${round}-c${client}-${n}@example.com`;
      try {
        const response = await fetch(`${url}/v1/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD, first_name: 'Crash' }),
        });
        if (response.status === 201) {
          confirmed.push(email);
          firstConfirmed();
        }
        else if (response.status >= 500) throw new Error(`${response.status} ${await response.text()}`);
      } catch (error) {
        if (alive) throw error; // only the kill may break a request
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => loop(c)), killer]);
  return confirmed;
}

async function assertConsistent(store: KyselyStore, confirmed: string[]) {
  for (const email of confirmed) {
    const user = await store.users.findByEmail(email);
    assert.ok(user, `${email} was answered 201 but is gone`);
  }
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from users u left join credentials c on c.user_id = u.id where c.user_id is null`.execute(store.db);
  assert.equal(Number(rows[0]!.n), 0, 'every user has its credential row');
  if (store.dialect === 'sqlite') {
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    assert.deepEqual(check.rows, [{ integrity_check: 'ok' }]);
  }
}

for (const dialect of dialects) {
  describe(`crash safety on ${dialect.name}`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await dialect.create();
    });
    after(async () => {
      await database.drop();
    });

    test(`${ROUNDS} rounds of kill -9 while signing up: every answered sign-up survives, nothing half-written`, async () => {
      const confirmed: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const server = await startChildServer(database.url);
        const killAfter = 50 + Math.floor(Math.random() * 1000);
        const answered = await signUpUntilKilled(server.url, round, killAfter, () => server.kill('SIGKILL'));
        assert.equal(server.process.signalCode, 'SIGKILL');
        assert.ok(answered.length > 0, `round ${round}: some sign-ups were answered before the kill`);
        confirmed.push(...answered);
        const store = await openSesameStore(database.url);
        try {
          await assertConsistent(store, confirmed);
        } finally {
          await store.close();
        }
      }
      // And the restarted service serves them.
      const server = await startChildServer(database.url);
      try {
        const email = confirmed[confirmed.length - 1]!;
        const response = await fetch(`${server.url}/v1/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'password', username: email, password: PASSWORD }).toString(),
        });
        assert.equal(response.status, 200);
      } finally {
        await server.kill('SIGTERM');
      }
      console.log(`crash safety on ${dialect.name}: ${ROUNDS} kills, ${confirmed.length} confirmed sign-ups all present`);
    });
  });
}
