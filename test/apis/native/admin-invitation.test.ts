// POST /v1/users end to end with a real SMTP server on loopback, on SQLite and
// PostgreSQL: the invited account gets a mail in its language with a link to the
// hosted page, sets its first password there, then signs in.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { linkOf, pathOf, tokenOf } from '../../helpers/mail-links.js';
import { call, signedInAs, type Actor } from '../../helpers/native-admin.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { useMailTestApp } from '../../helpers/test-app.js';

const FIRST_PASSWORD = 'my very first passphrase';

for (const dialect of dialects) {
  describe(`native POST /v1/users invitation on ${dialect.name}`, () => {
    const t = useMailTestApp(dialect, { env: { PUBLIC_URL: 'https://id.example.org' } });
    let admin: Actor;

    before(async () => {
      admin = await signedInAs(t, 'ADMIN', 'inviter@example.com');
    });

    test('the invitee gets a set-password link, sets a password, and signs in', async () => {
      const created = await call(t.app, 'POST', '/v1/users', admin.access_token, {
        email: 'invitee@example.com',
        first_name: 'Inès',
        locale: 'fr',
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await passwordGrant(t.app, 'invitee@example.com', FIRST_PASSWORD)).statusCode, 400);

      const mail = await t.smtp.waitFor('invitee@example.com');
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
      const before = t.smtp.received.length;
      const taken = await call(t.app, 'POST', '/v1/users', admin.access_token, { email: 'INVITEE@example.com' });
      assert.equal(taken.statusCode, 409);
      const moderator = await signedInAs(t, 'MODERATOR', 'mod-inviter@example.com');
      await t.smtp.waitFor('mod-inviter@example.com');
      const forbidden = await call(t.app, 'POST', '/v1/users', moderator.access_token, { email: 'nobody@example.com' });
      assert.equal(forbidden.statusCode, 403);
      await call(t.app, 'POST', '/v1/users', admin.access_token, { email: 'marker@example.com' });
      await t.smtp.waitFor('marker@example.com');
      const since = t.smtp.received.slice(before).flatMap((m) => m.recipients);
      assert.deepEqual(since.filter((r) => r !== 'mod-inviter@example.com'), ['marker@example.com']);
    });
  });
}
