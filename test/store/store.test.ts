// The store suite, on a real SQLite file and a real PostgreSQL database: migrations
// up and down, every repository, and the races the unique indexes must settle.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { adapterMigrations } from '../../src/apis/domains.js';
import { isCoreError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateDownAll, migrateToLatest } from '../../src/store/migrate.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { createStore, openStore, type KyselyStore } from '../../src/store/store.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

const now = new Date('2026-11-25T10:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

for (const dialect of dialects) {
  describe(`store on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url, { secrets: createSecretBox(randomBytes(32)) });
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const newUser = (email: string, extra: object = {}) =>
      store.users.insert({ email, role: 'USER', locale: 'en', ...extra }, now);

    test('migrations go down to nothing and up again', async () => {
      const scratch = await dialect.create();
      const { db } = openDatabase(scratch.url);
      try {
        const upped = await migrateToLatest(db, dialect.name, adapterMigrations);
        assert.equal(upped[0], '2026-11-25T07-00-create-accounts');
        assert.ok(upped.includes('2026-11-25T10-00-create-recipes'));
        assert.ok(upped.includes('2026-11-25T08-00-create-mail-outbox'));
        assert.ok(upped.includes('2026-11-25T11-00-create-goals-and-profiles'));
        assert.ok(upped.includes('2026-11-25T12-00-user-list-indexes'));
        assert.deepEqual(await migrateToLatest(db, dialect.name, adapterMigrations), [], 'a second run applies nothing');
        const downed = await migrateDownAll(db, dialect.name, adapterMigrations);
        assert.deepEqual(downed, [...upped].reverse(), 'every migration comes down, newest first');
        const tables = await db.introspection.getTables();
        assert.deepEqual(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_')), []);
        await migrateToLatest(db, dialect.name, adapterMigrations);
        const again = createStore(db, dialect.name);
        assert.equal((await again.users.insert({ email: 'x@example.com', role: 'USER', locale: 'en' }, now)).id > 0, true);
      } finally {
        await db.destroy();
        await scratch.drop();
      }
    });

    test('users: insert, find by id, by email whatever its case and spacing, update', async () => {
      const user = await newUser('  Zoé@Example.COM ', { firstName: 'Zoé', birthdate: '1990-05-17' });
      assert.equal(user.email, 'Zoé@Example.COM');
      assert.equal(user.birthdate, '1990-05-17');
      assert.equal(user.darkMode, false);
      assert.deepEqual(user.createdAt, now);
      assert.equal((await store.users.findByEmail('zoé@example.com'))?.id, user.id);
      // NFD spelling of the same address (e + combining acute) finds it too.
      assert.equal((await store.users.findByEmail('ZOE\u0301@example.com'))?.id, user.id);
      const updated = await store.users.update(
        user.id,
        { lastName: 'Durand', address: { city: 'Lyon' }, darkMode: true, role: 'MODERATOR', emailVerifiedAt: later(5) },
        later(10),
      );
      assert.equal(updated.lastName, 'Durand');
      assert.equal(updated.address.city, 'Lyon');
      assert.equal(updated.address.street, null);
      assert.equal(updated.darkMode, true);
      assert.equal(updated.role, 'MODERATOR');
      assert.deepEqual(updated.emailVerifiedAt, later(5));
      assert.deepEqual(updated.updatedAt, later(10));
      assert.deepEqual((await store.users.findById(user.id))?.address.city, 'Lyon');
      assert.equal(await store.users.findById(999_999), null);
    });

    test('users: a new account is written with its whole profile in one insert', async () => {
      const user = await newUser('whole@example.com', {
        address: { street: '1 rue Haute', city: 'Lille', zip: '59000', country: 'FR' },
        social: { twitter: '@whole' },
        darkMode: true,
      });
      const read = await store.users.findById(user.id);
      assert.deepEqual(read?.address, { street: '1 rue Haute', city: 'Lille', zip: '59000', country: 'FR' });
      assert.deepEqual(read?.social, { facebook: null, twitter: '@whole' });
      assert.equal(read?.darkMode, true);
      assert.deepEqual(read?.updatedAt, now);
    });

    test('an email taken in another case or with spaces is refused by the index', async () => {
      await newUser('dup@example.com');
      await assert.rejects(newUser(' DUP@example.com'), (e) => isCoreError(e, 'email_taken'));
    });

    test('usernames are unique case-insensitively', async () => {
      await newUser('u1@example.com', { username: 'Marie' });
      await assert.rejects(newUser('u2@example.com', { username: 'marie' }), (e) => isCoreError(e, 'username_taken'));
      assert.equal((await store.users.findByUsername('MARIE'))?.email, 'u1@example.com');
    });

    test('20 parallel inserts of one email: exactly one wins', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => newUser(i % 2 ? 'race@example.com' : 'RACE@example.com ')),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 19);
      for (const r of lost) assert.ok(isCoreError((r as PromiseRejectedResult).reason, 'email_taken'));
      const { count } = await store.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('email_normalized', '=', 'race@example.com')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), 1);
    });

    test('soft delete, admin count and keyset listing with filters', async () => {
      const a = await newUser('list-a@example.com', { role: 'ADMIN', firstName: 'Alice' });
      const b = await newUser('list-b@example.com', { role: 'ADMIN', lastName: 'Bobson' });
      const c = await newUser('list-c@example.com', { username: 'carla_100%' });
      assert.equal(await store.users.countActiveAdmins(), 2);
      await store.users.setDeleted(b.id, now, now);
      assert.equal(await store.users.countActiveAdmins(), 1);
      assert.deepEqual((await store.users.findById(b.id))?.deletedAt, now);

      const admins = await store.users.list({ role: 'ADMIN', includeDeleted: false, limit: 10 });
      assert.deepEqual(admins.map((u) => u.id), [a.id]);
      const withDeleted = await store.users.list({ role: 'ADMIN', includeDeleted: true, limit: 10 });
      assert.deepEqual(withDeleted.map((u) => u.id), [a.id, b.id]);
      assert.deepEqual((await store.users.list({ q: 'ALIC', includeDeleted: false, limit: 10 })).map((u) => u.id), [a.id]);
      assert.deepEqual((await store.users.list({ q: '100%', includeDeleted: false, limit: 10 })).map((u) => u.id), [c.id]);
      assert.deepEqual((await store.users.list({ q: '_', includeDeleted: false, limit: 10 })).map((u) => u.id), [c.id]);
      assert.deepEqual(
        (await store.users.list({ email: 'LIST-C@example.com', includeDeleted: false, limit: 10 })).map((u) => u.id),
        [c.id],
      );
      const page1 = await store.users.list({ q: 'list-', includeDeleted: true, limit: 2 });
      const page2 = await store.users.list({ q: 'list-', includeDeleted: true, limit: 2, afterId: page1.at(-1)!.id });
      assert.deepEqual([...page1, ...page2].map((u) => u.id), [a.id, b.id, c.id]);
      await store.users.setDeleted(b.id, null, now);
      assert.equal((await store.users.findById(b.id))?.deletedAt, null);
    });

    test('credentials: set, read, replace', async () => {
      const user = await newUser('cred@example.com');
      assert.equal(await store.credentials.getPasswordHash(user.id), null);
      await store.credentials.setPasswordHash(user.id, 'hash-1', now);
      await store.credentials.setPasswordHash(user.id, 'hash-2', later(1));
      assert.equal(await store.credentials.getPasswordHash(user.id), 'hash-2');
    });

    test('sessions: insert, touch, list live ones, revoke one, revoke all but one', async () => {
      const user = await newUser('sess@example.com');
      const base = { userId: user.id, api: 'native', secretHash: null, idleTimeoutSeconds: 1800, remember: false, userAgent: 'ua', ip: '127.0.0.1' };
      const s1 = await store.sessions.insert({ ...base, id: 's1-' + dialect.name, createdAt: now, expiresAt: later(3600) });
      const s2 = await store.sessions.insert({ ...base, id: 's2-' + dialect.name, createdAt: now, expiresAt: later(3600), remember: true, secretHash: 'h' });
      const s3 = await store.sessions.insert({ ...base, id: 's3-' + dialect.name, createdAt: now, expiresAt: later(3600) });
      assert.equal(s2.remember, true);
      assert.equal((await store.sessions.findById(s2.id))?.secretHash, 'h');
      await store.sessions.touch(s1.id, later(1700));
      // At later(1900): s2 and s3 are idle past 1800 s; s1 was touched at 1700.
      assert.deepEqual((await store.sessions.listActiveForUser(user.id, later(1900))).map((s) => s.id), [s1.id]);
      await store.sessions.revoke(s1.id, later(2000));
      assert.deepEqual((await store.sessions.findById(s1.id))?.revokedAt, later(2000));
      assert.equal(await store.sessions.revokeAllForUser(user.id, later(2100), s3.id), 1);
      assert.equal((await store.sessions.findById(s3.id))?.revokedAt, null);
      assert.deepEqual((await store.sessions.findById(s2.id))?.revokedAt, later(2100));
    });

    test('refresh tokens: of two concurrent uses exactly one marks the token used', async () => {
      const user = await newUser('rt@example.com');
      const session = await store.sessions.insert({
        id: 'rt-' + dialect.name, userId: user.id, api: 'native', secretHash: null, createdAt: now,
        idleTimeoutSeconds: 60, expiresAt: later(60), remember: false, userAgent: null, ip: null,
      });
      await store.refreshTokens.insert({ id: 'tok-' + dialect.name, sessionId: session.id, secretHash: 'x', createdAt: now, expiresAt: later(60), usedAt: null });
      const uses = await Promise.all(Array.from({ length: 10 }, () => store.refreshTokens.markUsed('tok-' + dialect.name, later(1))));
      assert.equal(uses.filter(Boolean).length, 1);
      assert.deepEqual((await store.refreshTokens.findById('tok-' + dialect.name))?.usedAt, later(1));
    });

    test('one-time tokens: stored, used once', async () => {
      const user = await newUser('ott@example.com');
      await store.oneTimeTokens.insert({
        id: 'ott-' + dialect.name, userId: user.id, purpose: 'reset_password', secretHash: 'h', payload: '{"a":1}',
        createdAt: now, expiresAt: later(3600), usedAt: null,
      });
      const found = await store.oneTimeTokens.findById('ott-' + dialect.name);
      assert.equal(found?.purpose, 'reset_password');
      assert.equal(found?.payload, '{"a":1}');
      assert.equal(await store.oneTimeTokens.markUsed('ott-' + dialect.name, later(1)), true);
      assert.equal(await store.oneTimeTokens.markUsed('ott-' + dialect.name, later(2)), false);
    });

    test('signing keys and audit events round-trip', async () => {
      await store.signingKeys.insert({ kid: 'k1', alg: 'EdDSA', publicJwk: { x: '1' }, privateJwk: { d: '2' }, createdAt: now, retiredAt: null });
      await store.signingKeys.retire('k1', later(5));
      const [key] = await store.signingKeys.list();
      assert.deepEqual(key?.publicJwk, { x: '1' });
      assert.deepEqual(key?.retiredAt, later(5));

      await store.audit.record({ at: now, action: 'user.signed_in', actorUserId: 7, targetUserId: 7, api: 'native', ip: '::1', userAgent: 'ua', details: { a: 1 } });
      const [event] = await store.audit.listForUser(7, 10);
      assert.equal(event?.action, 'user.signed_in');
      assert.deepEqual(event?.details, { a: 1 });
      assert.deepEqual(event?.at, now);
    });

    test('a transaction that fails writes nothing', async () => {
      await assert.rejects(
        store.transaction(async (repos) => {
          await repos.users.insert({ email: 'tx@example.com', role: 'USER', locale: 'en' }, now);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.users.findByEmail('tx@example.com'), null);
      await sql`select 1`.execute(store.db);
    });

    if (dialect.name === 'sqlite') test('a transaction holds the write lock from its start: no other connection commits between its read and its write', async () => {
      const user = await newUser('immediate@example.com');
      // Another process's connection, impatient so that its refusal comes at once.
      const other = new SQLite(database.url.slice('sqlite:'.length));
      other.pragma('busy_timeout = 50');
      try {
        await store.transaction(async (repos) => {
          assert.equal((await repos.users.findById(user.id))?.email, 'immediate@example.com');
          assert.throws(() => other.prepare('update users set first_name = ? where id = ?').run('Other', user.id), /SQLITE_BUSY|locked/);
          await repos.users.update(user.id, { firstName: 'Mine' }, later(1));
        });
        assert.equal((await store.users.findById(user.id))?.firstName, 'Mine');
        other.prepare('update users set first_name = ? where id = ?').run('Other', user.id);
        assert.equal((await store.users.findById(user.id))?.firstName, 'Other', 'once committed, the other connection writes');
      } finally {
        other.close();
      }
    });

    if (dialect.name === 'postgres') test('a connection ended by the server does not crash the service; the next query reconnects', async () => {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db)).rows[0]!.pid;
      const other = openDatabase(database.url).db;
      try {
        await sql`select pg_terminate_backend(${pid})`.execute(other);
      } finally {
        await other.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 100)); // the idle client hears of it
      assert.ok(await store.users.findByEmail('race@example.com'));
    });
  });
}
