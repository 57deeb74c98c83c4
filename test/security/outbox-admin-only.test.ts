// The mail outbox names every recipient, administrators included (and Bcc lists,
// and new addresses awaiting confirmation): admins read it, moderators get 403
// on GET /v1/mail/outbox and the console's /admin/outbox. The store's list never
// returns mail bodies, whose links are live tokens. Over real HTTP on SQLite and
// PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleSignIn } from '../helpers/console-http.js';
import { dialects } from '../helpers/databases.js';
import { call, signedInAs } from '../helpers/native-admin.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`the mail outbox on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test("a moderator reads no admin's address: 403 on native and console; an admin reads it", async () => {
      const admin = await signedInAs(t, 'ADMIN', 'outbox-admin@example.com');
      const moderator = await signedInAs(t, 'MODERATOR', 'outbox-moderator@example.com');
      await t.store.outbox.enqueue({
        kind: 'password_reset', userId: admin.id, to: admin.email, bcc: [], locale: 'en',
        subject: 'Reset', text: 'live-token-text', html: '<p>live-token-html</p>', createdAt: new Date(),
      });
      const native = await call(t.app, 'GET', '/v1/mail/outbox', moderator.access_token);
      assert.equal(native.statusCode, 403, native.body);
      assert.equal(native.json().code, 'forbidden');
      assert.ok(!native.body.includes(admin.email));
      const page = await (await consoleSignIn(t, moderator.email)).get('/admin/outbox');
      assert.equal(page.statusCode, 403);
      assert.ok(!page.body.includes(admin.email));

      const listed = await call(t.app, 'GET', '/v1/mail/outbox', admin.access_token);
      assert.equal(listed.statusCode, 200, listed.body);
      assert.ok(listed.body.includes(admin.email));
      assert.ok(!listed.body.includes('live-token'), 'never a body');
    });

    test("the store's list carries no bodies", async () => {
      await t.store.outbox.enqueue({
        kind: 'password_reset', userId: null, to: 'bodies@example.com', bcc: [], locale: 'en',
        subject: 'Reset', text: 'live-token-text', html: '<p>live-token-html</p>', createdAt: new Date(),
      });
      const [entry] = await t.store.outbox.list({ to: 'bodies@example.com', limit: 1 });
      assert.ok(entry);
      assert.equal('text' in entry, false);
      assert.equal('html' in entry, false);
      assert.equal((await t.store.outbox.findById(entry.id))!.text, 'live-token-text', 'one mail, read by id, keeps them');
    });
  });
}
