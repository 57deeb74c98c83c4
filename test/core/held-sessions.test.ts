// Sessions held in memory between checks (core/versioned-cache.ts) on real
// databases: whatever commits a change — the kernel, a plain store write, another
// process's connection — the next check in this process sees it; a change inside
// a transaction counts once committed; a value read while a change committed is not
// kept; on PostgreSQL, while the LISTEN connection is down nothing is held.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { isCoreError } from '../../src/core/errors.js';
import type { RequestContext } from '../../src/core/model.js';
import type { ChangeFeed } from '../../src/core/ports.js';
import { VersionedCache } from '../../src/core/versioned-cache.js';
import { openServices, type Services } from '../../src/services.js';
import { iso } from '../../src/store/values.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { testConfig, TestClock } from '../helpers/test-app.js';

const context: RequestContext = { api: 'test', ip: '203.0.113.9', userAgent: 'node:test' };
const PASSWORD = 'a perfectly long password';
/** The bound promised for another process's change (ChangeFeed in core/ports.ts). */
const fiftyMsLater = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a versioned cache', () => {
  const clock = new TestClock();
  let version = 0;
  const feed: ChangeFeed = { version: () => version };
  const options = { ttlMs: 1_000, maxEntries: 2 };

  test('keeps a value while the version stays, reads again once it moves', async () => {
    const cache = new VersionedCache<string, { n: number }>(feed, clock, options);
    let reads = 0;
    const load = async () => ({ n: ++reads });
    assert.equal((await cache.get('a', load))!.n, 1);
    assert.equal((await cache.get('a', load))!.n, 1);
    version++;
    assert.equal((await cache.get('a', load))!.n, 2);
  });

  test('does not keep a value read while the version moved', async () => {
    const cache = new VersionedCache<string, { n: number }>(feed, clock, options);
    let reads = 0;
    const racing = async () => {
      reads++;
      version++; // a change commits while the database is read
      return { n: reads };
    };
    await cache.get('a', racing);
    await cache.get('a', racing);
    assert.equal(reads, 2);
  });

  test('forgets after its time and keeps no more than its bound, nor a missing value', async () => {
    const cache = new VersionedCache<string, { n: number }>(feed, clock, options);
    let reads = 0;
    const load = async () => ({ n: ++reads });
    await cache.get('a', load);
    clock.advance(1);
    assert.equal((await cache.get('a', load))!.n, 2);
    await cache.get('b', load);
    await cache.get('c', load); // 'a' goes, the oldest
    assert.equal((await cache.get('a', load))!.n, 5);
    let missing = 0;
    await cache.get('x', async () => (missing++, null));
    await cache.get('x', async () => (missing++, null));
    assert.equal(missing, 2);
  });
});

for (const dialect of dialects) {
  describe(`held sessions on ${dialect.name}`, () => {
    let database: TestDatabase;
    let s: Services;
    let other: Services;
    const clock = new TestClock();
    let counter = 0;

    before(async () => {
      database = await dialect.create();
      s = await openServices(testConfig(database.url), clock);
      // Another process: its own connections to the same database.
      other = await openServices(testConfig(database.url), clock);
    });
    after(async () => {
      await other.store.close();
      await s.store.close();
      await database.drop();
    });

    async function heldSession() {
      const user = await s.core.accounts.signUp({ email: `held-${++counter}@example.com`, password: PASSWORD }, context);
      const { session } = await s.core.sessions.start(user, context);
      await s.core.sessions.validate(session.id);
      await s.core.sessions.validate(session.id);
      return { user, session };
    }

    const refused = (e: unknown) => isCoreError(e, 'session_expired');

    test('a revocation through the kernel is seen by the next check', async () => {
      const { session, user } = await heldSession();
      await s.core.sessions.revoke(session.id, context, user.id);
      await assert.rejects(s.core.sessions.validate(session.id), refused);
    });

    test('a plain store write outside the kernel is seen by the next check', async () => {
      const { session, user } = await heldSession();
      await s.store.db.updateTable('users').set({ role: 'ADMIN' }).where('id', '=', user.id).execute();
      assert.equal((await s.core.sessions.validate(session.id)).user.role, 'ADMIN');
      await s.store.db.updateTable('sessions').set({ revoked_at: iso(clock.now()) }).where('id', '=', session.id).execute();
      await assert.rejects(s.core.sessions.validate(session.id), refused);
    });

    test('a change inside a transaction counts once committed, a rolled-back one changes nothing', async () => {
      const { session, user } = await heldSession();
      await assert.rejects(
        s.store.transaction(async (repos) => {
          await repos.sessions.revoke(session.id, clock.now());
          throw new Error('changed my mind');
        }),
      );
      await s.core.sessions.validate(session.id);
      await s.store.transaction(async (repos) => {
        await repos.users.update(user.id, { firstName: 'Inside' }, clock.now());
      });
      assert.equal((await s.core.sessions.validate(session.id)).user.firstName, 'Inside');
    });

    test('a revocation committed by another process is seen by a check begun 50 ms later', async () => {
      const { session } = await heldSession();
      await other.core.sessions.revoke(session.id, context, null);
      await fiftyMsLater();
      await assert.rejects(s.core.sessions.validate(session.id), refused);
    });

    test('the two-step summary follows an enrolment by another process', async () => {
      const { user } = await heldSession();
      assert.equal((await s.core.mfa.totp.status(user.id)).passkeys, 0);
      await other.store.db
        .insertInto('passkeys')
        .values({
          id: `pk-${counter}`,
          user_id: user.id,
          credential_id: `credential-${counter}`,
          name: 'key',
          public_key: 'AA',
          counter: 0,
          transports: '[]',
          created_at: iso(clock.now()),
        })
        .execute();
      await fiftyMsLater();
      assert.equal((await s.core.mfa.totp.status(user.id)).passkeys, 1);
    });

    test('the id an API shows follows a legacy id given by another process (an import)', async () => {
      const { user } = await heldSession();
      const ids = s.core.legacyIds.forApi('coinduchef');
      assert.equal((await ids.show(user)).id, user.id);
      await other.store.db.insertInto('legacy_ids').values({ api: 'coinduchef', legacy_id: 900_000 + counter, user_id: user.id }).execute();
      await fiftyMsLater();
      assert.equal((await ids.show(user)).id, 900_000 + counter);
    });

    if (dialect.name === 'postgres') {
      test('while the LISTEN connection is down, nothing is held; it listens again', async () => {
        const { session } = await heldSession();
        const admin = new pg.Client({ connectionString: database.url });
        await admin.connect();
        try {
          await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`);
          // From the moment the process sees its connection drop (the backend's FATAL, then the close).
          const feed = s.store.changes;
          const noticed = performance.now();
          while (feed.version() === feed.version()) {
            assert.ok(performance.now() - noticed < 2_000, 'the dropped LISTEN connection went unnoticed');
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          // The other process revokes; this one must not answer from memory, notified or not.
          await other.store.db.updateTable('sessions').set({ revoked_at: iso(clock.now()) }).where('id', '=', session.id).execute();
          await assert.rejects(s.core.sessions.validate(session.id), refused);
          const listening = async () => (await admin.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`)).rows[0].n;
          const since = performance.now();
          while ((await listening()) < 2) {
            assert.ok(performance.now() - since < 5_000, 'no LISTEN connection came back');
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        } finally {
          await admin.end();
        }
      });
    }
  });
}
