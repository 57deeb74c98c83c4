// The core services on real databases: sign-in upgrades old hashes, failures look
// alike and are audited, soft deletion and the last admin.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isCoreError } from '../../src/core/errors.js';
import type { RequestContext } from '../../src/core/model.js';
import { openServices, type Services } from '../../src/services.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { testConfig, TestClock } from '../helpers/test-app.js';

const context: RequestContext = { api: 'test', ip: '203.0.113.9', userAgent: 'node:test' };
const PASSWORD = 'a perfectly long password';

for (const dialect of dialects) {
  describe(`accounts and sign-in on ${dialect.name}`, () => {
    let database: TestDatabase;
    let s: Services;
    const clock = new TestClock();

    before(async () => {
      database = await dialect.create();
      s = await openServices(testConfig(database.url), clock);
    });
    after(async () => {
      await s.store.close();
      await database.drop();
    });

    test('a hash made with old argon2 parameters is replaced at the next successful sign-in', async () => {
      const user = await s.core.accounts.signUp({ email: 'old@example.com', password: PASSWORD }, context);
      const before = await s.store.credentials.getPasswordHash(user.id);
      assert.match(before!, /m=256,t=1/);
      const stronger = await openServices(testConfig(database.url, { ARGON2_MEMORY_KIB: '512', ARGON2_ITERATIONS: '2' }), clock);
      try {
        await assert.rejects(stronger.core.signIn.verifyPassword('old@example.com', 'wrong password!!', context));
        assert.equal(await s.store.credentials.getPasswordHash(user.id), before, 'a failure changes nothing');
        await stronger.core.signIn.withPassword('old@example.com', PASSWORD, context);
        const after = await s.store.credentials.getPasswordHash(user.id);
        assert.match(after!, /m=512,t=2/);
        await stronger.core.signIn.withPassword('old@example.com', PASSWORD, context);
      } finally {
        await stronger.store.close();
      }
    });

    test('unknown email, wrong password and deleted account fail with the same error, all audited', async () => {
      const user = await s.core.accounts.signUp({ email: 'gone@example.com', password: PASSWORD }, context);
      await s.core.accounts.softDelete(user.id, user.id, context);
      const attempts = [
        ['nobody@example.com', PASSWORD],
        ['old@example.com', 'not the right one'],
        ['gone@example.com', PASSWORD],
      ] as const;
      for (const [email, password] of attempts) {
        await assert.rejects(s.core.signIn.withPassword(email, password, context), (e) => isCoreError(e, 'invalid_credentials'));
      }
      const events = await s.store.audit.listForUser(user.id, 10);
      assert.deepEqual(events.map((e) => e.action).slice(0, 2), ['user.sign_in_failed', 'user.deleted']);
      assert.equal(events[0]?.ip, '203.0.113.9');
    });

    test('a verified email can be required (activation)', async () => {
      await s.core.accounts.signUp({ email: 'unverified@example.com', password: PASSWORD }, context);
      await assert.rejects(
        s.core.signIn.withPassword('unverified@example.com', PASSWORD, context, { requireVerifiedEmail: true }),
        (e) => isCoreError(e, 'email_not_verified'),
      );
    });

    test('the last admin cannot be deleted; with two, one can', async () => {
      const { user: admin } = await s.core.accounts.createOrPromoteAdmin('admin1@example.com', PASSWORD);
      await assert.rejects(s.core.accounts.softDelete(admin.id, admin.id, context), (e) => isCoreError(e, 'last_admin'));
      const { user: second } = await s.core.accounts.createOrPromoteAdmin('admin2@example.com', PASSWORD);
      await s.core.accounts.softDelete(second.id, admin.id, context);
      await assert.rejects(s.core.accounts.get(second.id), (e) => isCoreError(e, 'not_found'));
    });

    test('sessions slide, but last-seen is written at most once a minute', async () => {
      const user = await s.core.accounts.signUp({ email: 'slide@example.com', password: PASSWORD }, context);
      const { session } = await s.core.sessions.start(user, context, { idleTimeoutSeconds: 1800 });
      clock.advance(30);
      await s.core.sessions.validate(session.id);
      assert.deepEqual((await s.store.sessions.findById(session.id))?.lastSeenAt, session.lastSeenAt, 'not written within a minute');
      clock.advance(1700);
      await s.core.sessions.validate(session.id);
      clock.advance(1700); // 3430 s after start, 1700 s after the last use: still alive
      await s.core.sessions.validate(session.id);
      clock.advance(1801);
      await assert.rejects(s.core.sessions.validate(session.id), (e) => isCoreError(e, 'session_expired'));
    });

    test('the absolute lifetime ends a session even when it is used', async () => {
      const user = await s.core.accounts.signUp({ email: 'absolute@example.com', password: PASSWORD }, context);
      const { session } = await s.core.sessions.start(user, context, { idleTimeoutSeconds: 1800, absoluteLifetimeSeconds: 3600 });
      for (let i = 0; i < 3; i++) {
        clock.advance(1000);
        await s.core.sessions.validate(session.id);
      }
      clock.advance(700);
      await assert.rejects(s.core.sessions.validate(session.id), (e) => isCoreError(e, 'session_expired'));
    });
  });
}
