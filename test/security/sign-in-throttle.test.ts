// The per-account sign-in throttle, on both databases: counted in the database, so
// it holds across restarts, across several Sésame instances on one database, and
// against parallel guesses.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp, TestClock, type TestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`sign-in throttle on ${dialect.name}`, () => {
    let database: TestDatabase;
    let clock: TestClock;
    let sesame: TestApp;

    before(async () => {
      database = await dialect.create();
      clock = new TestClock();
      sesame = await startTestApp(database, { clock });
    });
    after(async () => {
      await sesame.close();
      await database.drop();
    });

    const fail = (email: string, times: number, app = sesame) =>
      Promise.all(Array.from({ length: times }, () => passwordGrant(app.app, email, 'wrong password!!'))).then(
        (responses) => responses.map((r) => r.statusCode),
      );
    const failSequentially = async (email: string, times: number) => {
      for (let i = 0; i < times; i++) assert.equal((await passwordGrant(sesame.app, email, 'wrong password!!')).statusCode, 400);
    };

    test('ten failures lock the account for a minute, even with the right password; then it opens again', async () => {
      await signUp(sesame.app, 'locked@example.com');
      await failSequentially('locked@example.com', 10);
      const refused = await passwordGrant(sesame.app, 'locked@example.com');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], '60');
      assert.equal(refused.json().error, 'invalid_grant');
      clock.advance(59);
      assert.equal((await passwordGrant(sesame.app, 'locked@example.com')).statusCode, 429);
      assert.equal((await passwordGrant(sesame.app, 'locked@example.com')).headers['retry-after'], '1');
      clock.advance(1);
      assert.equal((await passwordGrant(sesame.app, 'locked@example.com')).statusCode, 200);
    });

    test('a success resets the count: nine failures, a success, nine failures still sign in', async () => {
      await signUp(sesame.app, 'reset@example.com');
      await failSequentially('reset@example.com', 9);
      assert.equal((await passwordGrant(sesame.app, 'reset@example.com')).statusCode, 200);
      await failSequentially('reset@example.com', 9);
      assert.equal((await passwordGrant(sesame.app, 'reset@example.com')).statusCode, 200);
    });

    test('the window grows 1, 2, 4, 8, 15 minutes and stays at 15', async () => {
      await signUp(sesame.app, 'growing@example.com');
      await failSequentially('growing@example.com', 10);
      for (const seconds of [60, 120, 240, 480, 900, 900]) {
        const refused = await passwordGrant(sesame.app, 'growing@example.com');
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.headers['retry-after'], String(seconds));
        clock.advance(seconds);
        // The first attempt after the window is considered; a failure locks again, longer.
        assert.equal((await passwordGrant(sesame.app, 'growing@example.com', 'still wrong!!')).statusCode, 400);
      }
    });

    test('an unknown email is throttled exactly like an account (no enumeration through the lock)', async () => {
      await failSequentially('nobody@example.com', 10);
      const refused = await passwordGrant(sesame.app, 'nobody@example.com');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], '60');
      // The same address spelled differently is the same key.
      assert.equal((await passwordGrant(sesame.app, '  NoBody@Example.COM ')).statusCode, 429);
    });

    test('thirty parallel guesses: exactly ten are checked, twenty refused', async () => {
      await signUp(sesame.app, 'parallel@example.com');
      const statuses = await fail('parallel@example.com', 30);
      assert.equal(statuses.filter((s) => s === 400).length, 10, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 429).length, 20);
      const user = await sesame.core.accounts.findByEmail('parallel@example.com');
      const events = await sesame.store.audit.listForUser(user!.id, 100);
      assert.equal(events.filter((e) => e.action === 'user.sign_in_failed').length, 10);
    });

    test('two Sésame instances on one database share the count, and it survives a restart', async () => {
      await signUp(sesame.app, 'shared@example.com');
      const other = await startTestApp(database, { clock });
      try {
        await fail('shared@example.com', 5);
        assert.deepEqual(await fail('shared@example.com', 5, other), [400, 400, 400, 400, 400]);
        assert.equal((await passwordGrant(other.app, 'shared@example.com')).statusCode, 429);
      } finally {
        await other.close();
      }
      const restarted = await startTestApp(database, { clock });
      try {
        assert.equal((await passwordGrant(restarted.app, 'shared@example.com', PASSWORD)).statusCode, 429);
      } finally {
        await restarted.close();
      }
    });
  });
}
