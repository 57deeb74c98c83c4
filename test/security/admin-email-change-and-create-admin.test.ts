// An admin's email change of another account through myclass spends the admin's
// mail budget (as native PATCH /v1/users/{id}); the notice to the old address
// names the new one as parsed (NFKC, trimmed), never the raw input; and
// `sesame create-admin` on an existing account is a password change like any
// other: its one-time links are spent and its sessions end. Over real HTTP on
// SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { call as myclass, loggedIn, login, PWD } from '../helpers/myclass-client.js';
import { call, signedInAs } from '../helpers/native-admin.js';
import { me } from '../helpers/native-client.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';

async function exhaustMailBudget(t: TestApp, accountId: number) {
  const budget = { limit: t.config.rateLimits.mail, windowSeconds: t.config.rateLimits.mailWindowSeconds };
  while ((await t.store.rateBudgets.spend(`mail|account:${accountId}`, budget)).allowed);
}

for (const dialect of dialects) {
  describe(`admin email changes and create-admin on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_MAIL: '50' } });

    test("myclass update_user_account new_email by an admin on another account: 429 once the admin's mail budget is spent", async () => {
      const { user: admin } = await t.core.accounts.createOrPromoteAdmin('mc-admin@example.com', PWD);
      const token = await login(t.app, admin.email);
      await loggedIn(t.app, t.store, 'mc-target@example.com');
      const first = await myclass(t.app, 'update_user_account', { email: 'mc-target@example.com', token, new_email: 'mc-target-2@example.com' });
      assert.equal(first.answer.status, true, first.body);
      await exhaustMailBudget(t, admin.id);
      const refused = await myclass(t.app, 'update_user_account', { email: 'mc-target-2@example.com', token, new_email: 'mc-target-3@example.com' });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.answer.status, false);
      assert.ok(await t.store.users.findByEmail('mc-target-2@example.com'), 'the address stays');
    });

    test('the notice of an admin-set address names it as parsed (NFKC), not as typed', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'notice-admin@example.com');
      const target = await signedInAs(t, 'USER', 'notice-target@example.com');
      const typed = '  ｆｕｌｌ-width@example.com ';
      const response = await call(t.app, 'PATCH', `/v1/users/${target.id}`, admin.access_token, { email: typed });
      assert.equal(response.statusCode, 200, response.body);
      const [listed] = (await t.store.outbox.list({ to: 'notice-target@example.com', limit: 10 })).filter((m) => m.kind === 'email_change_notice');
      assert.ok(listed, 'a notice to the old address');
      const notice = (await t.store.outbox.findById(listed.id))!;
      assert.match(notice.text, /full-width@example\.com/);
      assert.doesNotMatch(notice.text, /ｆｕｌｌ/);
    });

    test('create-admin on an existing account spends its one-time links and ends its sessions', async () => {
      const before = await signedInAs(t, 'USER', 'promoted@example.com');
      await t.store.users.update(before.id, { emailVerifiedAt: new Date() }, new Date());
      const forgot = await t.app.inject({ method: 'POST', url: '/v1/password/forgot', payload: { email: before.email } });
      assert.equal(forgot.statusCode, 202, forgot.body);
      let resetMail;
      for (let tries = 0; !resetMail && tries < 40; tries += 1) {
        [resetMail] = (await t.store.outbox.list({ to: before.email, limit: 10 })).filter((m) => m.kind === 'password_reset');
        if (!resetMail) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(resetMail, 'a reset mail queued');
      const token = /[?&]token=([^\s&"<]+)/.exec((await t.store.outbox.findById(resetMail.id))!.text)?.[1];
      assert.ok(token, 'the reset link carries a token');
      assert.equal((await me(t.app, before.access_token)).statusCode, 200);

      await t.core.accounts.createOrPromoteAdmin(before.email, 'a brand new admin passphrase');

      assert.equal((await me(t.app, before.access_token)).statusCode, 401, 'the old session ended');
      const reset = await t.app.inject({
        method: 'POST', url: '/v1/password/reset', payload: { token: decodeURIComponent(token), password: 'someone else took over' },
      });
      assert.equal(reset.statusCode, 400, `the outstanding reset link is spent: ${reset.body}`);
      assert.equal((await call(t.app, 'GET', '/v1/me', (await signedInAs(t, 'ADMIN', before.email, 'a brand new admin passphrase')).access_token)).statusCode, 200);
    });
  });
}
