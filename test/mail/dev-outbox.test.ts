// The embedded default: without SMTP_URL, mail is kept in the database and its
// link printed to the log, with nothing to set up.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { signUp } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`dev outbox on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { PUBLIC_URL: 'https://id.example.org' } });

    test('sign-up keeps the verification mail in the database and logs its link', async () => {
      const response = await signUp(t.app, 'dev@example.com');
      assert.equal(response.statusCode, 201);
      await t.mail.worker.runOnce();
      const [listed] = await t.store.outbox.list({ to: 'dev@example.com', limit: 5 });
      const mail = listed && (await t.store.outbox.findById(listed.id));
      assert.ok(mail);
      assert.equal(mail.kind, 'verify_email');
      assert.equal(mail.status, 'sent');
      const link = /https:\/\/id\.example\.org\/account\/verify-email\?token=\S+/.exec(mail.text)?.[0];
      assert.ok(link, 'the stored text carries the link');
      assert.ok(t.logs.some((line) => line.includes(link)), 'the link is in the log');
    });
  });
}
