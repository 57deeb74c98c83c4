// The command line on a real database of each kind: migrate, create-admin
// (creates, promotes an existing account, refuses a weak password), usage errors.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp } from '../helpers/test-app.js';
import { sesame } from '../helpers/cli.js';



for (const dialect of dialects) {
  describe(`sesame CLI on ${dialect.name}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await dialect.create();
    });
    after(async () => database.drop());

    test('migrate applies the migrations once', async () => {
      const first = await sesame(['migrate'], { DATABASE_URL: database.url });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Applied: 2026-11-25T07-00-create-accounts/);
      const second = await sesame(['migrate'], { DATABASE_URL: database.url });
      assert.match(second.stdout, /up to date/);
    });

    test('create-admin creates an admin who can sign in', async () => {
      const run = await sesame(['create-admin', '--email', 'Root@Example.com', '--password', 'a very long admin password'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Created admin Root@Example.com/);
      const t = await startTestApp(database);
      try {
        const token = await passwordGrant(t.app, 'root@example.com', 'a very long admin password');
        assert.equal(token.statusCode, 200);
        const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token.json().access_token}` } });
        assert.equal(me.json().role, 'admin');
        assert.equal(me.json().email_verified, true);
      } finally {
        await t.close();
      }
    });

    test('create-admin on an existing email promotes that account', async () => {
      const t = await startTestApp(database);
      try {
        assert.equal((await signUp(t.app, 'member@example.com')).statusCode, 201);
      } finally {
        await t.close();
      }
      const run = await sesame(['create-admin', '--email', 'MEMBER@example.com', '--password', 'the new admin password'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Promoted member@example.com/);
      const again = await startTestApp(database);
      try {
        const token = await passwordGrant(again.app, 'member@example.com', 'the new admin password');
        const me = await again.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token.json().access_token}` } });
        assert.equal(me.json().role, 'admin');
      } finally {
        await again.close();
      }
    });

    test('create-admin refuses a password that fails the policy, with a clear message and exit 1', async () => {
      const run = await sesame(['create-admin', '--email', 'weak@example.com', '--password', 'short'], { DATABASE_URL: database.url });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /Password refused: it must be at least 12 characters long/);
      const t = await startTestApp(database);
      try {
        assert.equal((await passwordGrant(t.app, 'weak@example.com', 'short')).statusCode, 400, 'no account was made');
      } finally {
        await t.close();
      }
    });
  });
}

test('usage errors and bad configuration exit 1 with a message', async () => {
  const missing = await sesame(['create-admin', '--email', 'x@example.com'], {});
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /needs --email and --password/);
  const unknown = await sesame(['fly'], {});
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Unknown command "fly"/);
  const badPort = await sesame(['serve'], { PORT: 'abc' });
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /PORT="abc" must be a whole number/);
});
