// POST /v1/users end to end with a real SMTP server on loopback, on SQLite and
// PostgreSQL: the invited account gets a mail in its language with a link to the
// hosted page, sets its first password there, then signs in.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { linkOf, pathOf, tokenOf } from '../../helpers/mail-links.js';
import { startMailServer, type MailServer } from '../../helpers/mail-server.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const FIRST_PASSWORD = 'my very first passphrase';

for (const dialect of dialects) {
  describe(`native POST /v1/users invitation on ${dialect.name}`, () => {
    let database: TestDatabase;
    let smtp: MailServer;
    let t: TestApp;
    let admin: Actor;

    before(async () => {
      database = await dialect.create();
      smtp = await startMailServer();
      t = await startTestApp(database, { env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://id.example.org' } });
      admin = await signedInAs(t, 'ADMIN', 'inviter@example.com');
    });
    after(async () => {
      await t.close();
      await smtp.close();
      await database.drop();
    });

    test('the invitee gets a set-password link, sets a password, and signs in', async () => {
      const created = await call(t.app, 'POST', '/v1/users', admin.access_token, {
        email: 'invitee@example.com',
        first_name: 'Inès',
        locale: 'fr',
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await passwordGrant(t.app, 'invitee@example.com', FIRST_PASSWORD)).statusCode, 400);

      const mail = await smtp.waitFor('invitee@example.com');
      assert.match(mail.text, /Inès/);
      const link = linkOf(mail);
      assert.equal(`${link.origin}${link.pathname}`, 'https://id.example.org/account/accept-invitation');
      assert.equal((await t.app.inject({ method: 'GET', url: pathOf(mail) })).statusCode, 200);

      const set = await t.app.inject({
        method: 'POST',
        url: '/account/accept-invitation',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          token: tokenOf(mail),
          password: FIRST_PASSWORD,
          password_confirm: FIRST_PASSWORD,
          lang: 'en',
        }).toString(),
      });
      assert.equal(set.statusCode, 200);
      assert.equal((await passwordGrant(t.app, 'invitee@example.com', FIRST_PASSWORD)).statusCode, 200);
      const user = await call(t.app, 'GET', `/v1/users/${created.json().user.id}`, admin.access_token);
      assert.equal(user.json().email_verified, true, 'the link proved the address');
    });

    test('a refused creation mails nothing', async () => {
      const before = smtp.received.length;
      const taken = await call(t.app, 'POST', '/v1/users', admin.access_token, { email: 'INVITEE@example.com' });
      assert.equal(taken.statusCode, 409);
      const moderator = await signedInAs(t, 'MODERATOR', 'mod-inviter@example.com');
      await smtp.waitFor('mod-inviter@example.com');
      const forbidden = await call(t.app, 'POST', '/v1/users', moderator.access_token, { email: 'nobody@example.com' });
      assert.equal(forbidden.statusCode, 403);
      await call(t.app, 'POST', '/v1/users', admin.access_token, { email: 'marker@example.com' });
      await smtp.waitFor('marker@example.com');
      const since = smtp.received.slice(before).flatMap((m) => m.recipients);
      assert.deepEqual(since.filter((r) => r !== 'mod-inviter@example.com'), ['marker@example.com']);
    });
  });
}
