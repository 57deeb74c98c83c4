// The console's mail-sending forms spend the per-account mail budget, as every
// API does: /account/email (one's own change), the admin's email change of
// another account, and /admin/invite. Once the account's budget is spent the form
// answers 429 and no mail is queued. Over real HTTP on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleSignIn } from '../helpers/console-http.js';
import { dialects } from '../helpers/databases.js';
import { signedInAs } from '../helpers/native-admin.js';
import { PASSWORD } from '../helpers/native-client.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';

/** Spends the rest of one account's mail budget, as many requests from other IPs would. */
async function exhaustMailBudget(t: TestApp, accountId: number) {
  const budget = { limit: t.config.rateLimits.mail, windowSeconds: t.config.rateLimits.mailWindowSeconds };
  while ((await t.store.rateBudgets.spend(`mail|account:${accountId}`, budget)).allowed);
}

for (const dialect of dialects) {
  describe(`the console's per-account mail budget on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_MAIL: '50' } });

    test('/account/email: 429 once the account spent its mail budget; the address stays', async () => {
      const user = await signedInAs(t, 'USER', 'budget-self@example.com');
      const visitor = await consoleSignIn(t, user.email);
      const first = await visitor.post('/account/email', { new_email: 'budget-self-2@example.com', password: PASSWORD });
      assert.equal(first.statusCode, 303, first.body);
      await exhaustMailBudget(t, user.id);
      const refused = await visitor.post('/account/email', { new_email: 'budget-self-3@example.com', password: PASSWORD });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal((await t.store.users.findById(user.id))!.email, user.email);
    });

    test('/admin/invite: 429 once the admin spent their mail budget; nobody is invited', async () => {
      const admin = await signedInAs(t, 'ADMIN', 'budget-inviter@example.com');
      const visitor = await consoleSignIn(t, admin.email);
      const first = await visitor.post('/admin/invite', { email: 'invited-1@example.com', role: 'USER' }, '/admin/invite');
      assert.equal(first.statusCode, 303, first.body);
      await exhaustMailBudget(t, admin.id);
      const refused = await visitor.post('/admin/invite', { email: 'invited-2@example.com', role: 'USER' }, '/admin/invite');
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(await t.store.users.findByEmail('invited-2@example.com'), null);
    });

    test("an admin's email change of another account: 429 once the admin spent their mail budget; the address stays", async () => {
      const admin = await signedInAs(t, 'ADMIN', 'budget-admin@example.com');
      const target = await signedInAs(t, 'USER', 'budget-target@example.com');
      const visitor = await consoleSignIn(t, admin.email);
      const page = `/admin/users/${target.id}`;
      const renamed = await visitor.post(`/admin/users/${target.id}/profile`, { email: target.email, first_name: 'Same' }, page);
      assert.equal(renamed.statusCode, 303, `the same address spends nothing: ${renamed.body}`);
      await exhaustMailBudget(t, admin.id);
      const sameAgain = await visitor.post(`/admin/users/${target.id}/profile`, { email: target.email, first_name: 'Again' }, page);
      assert.equal(sameAgain.statusCode, 303, 'a profile edit without a new address still works');
      const refused = await visitor.post(`/admin/users/${target.id}/profile`, { email: 'budget-target-2@example.com' }, page);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal((await t.store.users.findById(target.id))!.email, target.email);
    });
  });
}
