// Deleting one's own account needs the current password, whichever route is
// used: native DELETE /v1/users/{own id} and the console's
// POST /admin/users/{own id}/delete ask none, so they refuse one's own id (403 in
// their shape, pointing to DELETE /v1/me and the account page). crdm's
// DELETE /api/user/{own id} has no password in its document: it stays, at the
// pace of a sign-in per account. Over real HTTP on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Spa } from '../helpers/crdm-client.js';
import { dialects } from '../helpers/databases.js';
import { consoleSignIn } from '../helpers/console-http.js';
import { call, signedInAs } from '../helpers/native-admin.js';
import { PASSWORD } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`deleting one's own account through the administration routes on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { RATE_LIMIT_SIGN_IN: '40' } });
    const deletedAt = async (id: number) => (await t.store.users.findById(id))!.deletedAt;

    test('native DELETE /v1/users/{own id}: 403 forbidden for every role, the account stays; DELETE /v1/me still works', async () => {
      for (const role of ['USER', 'MODERATOR', 'ADMIN'] as const) {
        const actor = await signedInAs(t, role, `self-delete-native-${role}@example.com`);
        const response = await call(t.app, 'DELETE', `/v1/users/${actor.id}`, actor.access_token);
        assert.equal(response.statusCode, 403, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json().code, 'forbidden');
        assert.match(response.json().detail, /\/v1\/me/);
        assert.equal(await deletedAt(actor.id), null, `${role} not deleted`);
      }
      const user = await signedInAs(t, 'USER', 'self-delete-me@example.com');
      const me = await call(t.app, 'DELETE', '/v1/me', user.access_token, { password: PASSWORD });
      assert.equal(me.statusCode, 204, me.body);
      assert.notEqual(await deletedAt(user.id), null);
    });

    test('console POST /admin/users/{own id}/delete: refused (403), the account stays', async () => {
      for (const role of ['USER', 'ADMIN'] as const) {
        const actor = await signedInAs(t, role, `self-delete-console-${role}@example.com`);
        const visitor = await consoleSignIn(t, actor.email);
        const response = await visitor.post(`/admin/users/${actor.id}/delete`, { confirm: 'yes' });
        assert.equal(response.statusCode, 403, response.body);
        assert.equal(await deletedAt(actor.id), null, `${role} not deleted`);
      }
    });

    test("crdm DELETE /api/user/{own id}: the document's deletion, paced by the per-account sign-in budget", async () => {
      const first = await signedInAs(t, 'USER', 'self-delete-crdm-1@example.com');
      const spa = new Spa(t.app);
      await spa.signIn(first.email, PASSWORD);
      const done = await spa.request('DELETE', `/api/user/${first.id}`);
      assert.equal(done.statusCode, 204, done.body);
      assert.notEqual(await deletedAt(first.id), null);

      // Once the account's sign-in budget is spent, its self-deletion waits: 429, the account stays.
      const second = await signedInAs(t, 'USER', 'self-delete-crdm-2@example.com');
      const paced = new Spa(t.app);
      await paced.signIn(second.email, PASSWORD);
      const budget = { limit: t.config.rateLimits.signIn, windowSeconds: t.config.rateLimits.windowSeconds };
      while ((await t.store.rateBudgets.spend(`sign_in|account:${second.id}`, budget)).allowed);
      const refused = await paced.request('DELETE', `/api/user/${second.id}`);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(await deletedAt(second.id), null);
    });
  });
}
