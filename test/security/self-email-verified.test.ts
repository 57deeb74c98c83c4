// Marking an address verified is an administrator's act, on oneself too: a user
// proves their address with the mailed link, never by saying so through an
// administration route (native PATCH /v1/users/{own id}, console
// POST /admin/users/{own id}/verified). Over real HTTP on SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { consoleSignIn } from '../helpers/console-http.js';
import { call, signedInAs } from '../helpers/native-admin.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`setting email_verified on oneself on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    const verifiedAt = async (id: number) => (await t.store.users.findById(id))!.emailVerifiedAt;

    test('native: a user or moderator gets 403 forbidden for their own id; an admin may', async () => {
      for (const role of ['USER', 'MODERATOR'] as const) {
        const actor = await signedInAs(t, role, `self-verify-${role}@example.com`);
        const response = await call(t.app, 'PATCH', `/v1/users/${actor.id}`, actor.access_token, { email_verified: true });
        assert.equal(response.statusCode, 403, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json().code, 'forbidden');
        assert.equal(await verifiedAt(actor.id), null, `${role} stays unverified`);
      }
      const admin = await signedInAs(t, 'ADMIN', 'self-verify-admin@example.com');
      const unset = await call(t.app, 'PATCH', `/v1/users/${admin.id}`, admin.access_token, { email_verified: false });
      assert.equal(unset.statusCode, 200, unset.body);
      const set = await call(t.app, 'PATCH', `/v1/users/${admin.id}`, admin.access_token, { email_verified: true });
      assert.equal(set.statusCode, 200, set.body);
      assert.notEqual(await verifiedAt(admin.id), null);
    });

    test('console: a user posting the verified form for their own id is refused (403)', async () => {
      const actor = await signedInAs(t, 'USER', 'self-verify-console@example.com');
      const visitor = await consoleSignIn(t, actor.email);
      const response = await visitor.post(`/admin/users/${actor.id}/verified`, { verified: 'true' });
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(await verifiedAt(actor.id), null);
    });
  });
}
