// POST /v1/me/password on SQLite and PostgreSQL: the current password is required,
// the policy names the rules a new password breaks, and a change ends every other
// session (their access and refresh tokens) while the current one goes on.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { bearer, me, passwordGrant, refreshGrant, signUp, signedInUser } from '../../helpers/native-client.js';
import { useTestApp } from '../../helpers/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase';

for (const dialect of dialects) {
  describe(`native POST /v1/me/password on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    const change = (token: string | null, payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/me/password', headers: token ? bearer(token) : {}, payload });

    test('without a token: 401', async () => {
      const response = await change(null, { current_password: 'x', new_password: NEW_PASSWORD });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, 'unauthenticated');
    });

    test('a wrong current password: 400 invalid_credentials, nothing changes', async () => {
      const tokens = await signedInUser(t.app, 'pw-wrong@example.com');
      const response = await change(tokens.access_token, {
        current_password: 'not my password at all',
        new_password: NEW_PASSWORD,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.json().code, 'invalid_credentials');
      assert.equal((await passwordGrant(t.app, 'pw-wrong@example.com')).statusCode, 200);
      assert.equal((await passwordGrant(t.app, 'pw-wrong@example.com', NEW_PASSWORD)).statusCode, 400);
    });

    test('a new password the policy refuses: 422 policy_violation naming each rule', async () => {
      const email = 'pw-policy@example.com';
      const tokens = await signedInUser(t.app, email);
      const cases: [string, string[]][] = [
        ['zq9!xv', ['too_short']],
        ['x'.repeat(257), ['too_long']],
        ['Qwerty123456', ['common_password']],
        ['PW-POLICY@example.com', ['contains_email']],
        ['pw-policy', ['too_short', 'contains_email']],
      ];
      for (const [password, rules] of cases) {
        const response = await change(tokens.access_token, {
          current_password: 'correct horse battery staple',
          new_password: password,
        });
        assert.equal(response.statusCode, 422, password);
        assert.equal(response.json().code, 'policy_violation');
        assert.deepEqual(response.json().rules, rules, password);
      }
      assert.equal((await passwordGrant(t.app, email)).statusCode, 200, 'the old password still works');
    });

    test('a missing or unknown field: 400 validation_failed', async () => {
      const tokens = await signedInUser(t.app, 'pw-fields@example.com');
      const missing = await change(tokens.access_token, { current_password: 'correct horse battery staple' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().errors, { new_password: ['is required'] });
      const extra = await change(tokens.access_token, {
        current_password: 'correct horse battery staple',
        new_password: NEW_PASSWORD,
        email: 'x@example.com',
      });
      assert.equal(extra.statusCode, 400);
      assert.equal(extra.json().code, 'validation_failed');
    });

    test('success: 204; other sessions end, the current one goes on, only the new password signs in', async () => {
      const email = 'pw-ok@example.com';
      const current = await signedInUser(t.app, email);
      const other = (await passwordGrant(t.app, email)).json();
      const third = (await passwordGrant(t.app, email)).json();

      const response = await change(current.access_token, {
        current_password: 'correct horse battery staple',
        new_password: NEW_PASSWORD,
      });
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');

      for (const ended of [other, third]) {
        assert.equal((await me(t.app, ended.access_token)).statusCode, 401);
        const refreshed = await refreshGrant(t.app, ended.refresh_token);
        assert.equal(refreshed.statusCode, 400);
        assert.equal(refreshed.json().error, 'invalid_grant');
      }
      assert.equal((await me(t.app, current.access_token)).statusCode, 200);
      const rotated = await refreshGrant(t.app, current.refresh_token);
      assert.equal(rotated.statusCode, 200, 'the current session can still refresh');

      assert.equal((await passwordGrant(t.app, email)).statusCode, 400);
      assert.equal((await passwordGrant(t.app, email, NEW_PASSWORD)).statusCode, 200);

      const events = await t.store.audit.listForUser((await t.store.users.findByEmail(email))!.id, 20);
      const changed = events.find((e) => e.action === 'user.password_changed');
      assert.deepEqual(changed?.details, { other_sessions_ended: 2 });
      assert.equal(t.logs.some((line) => line.includes(NEW_PASSWORD)), false, 'the password is never logged');
    });

    test('sign-up uses the same policy, blocklist included', async () => {
      const response = await signUp(t.app, 'pw-signup@example.com', 'LeaveMeAlone');
      assert.equal(response.statusCode, 422);
      assert.deepEqual(response.json().rules, ['common_password']);
    });
  });
}
