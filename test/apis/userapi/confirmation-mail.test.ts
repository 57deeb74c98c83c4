// userapi /register sends the confirmation mail (a real SMTP server on loopback
// receives it); following its link sets has_conf to 1 in /login and /getuser. A
// refused registration sends nothing. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { linkOf, pathOf } from '../../helpers/mail-links.js';
import { useMailTestApp } from '../../helpers/test-app.js';
import { call, login, register, registration, withToken } from '../../helpers/userapi-client.js';

for (const dialect of dialects) {
  describe(`userapi confirmation mail on ${dialect.name}`, () => {
    const t = useMailTestApp(dialect, { env: { PUBLIC_URL: 'https://id.example.org' } });

    test('register mails a link; following it turns has_conf from 0 to 1', async () => {
      const data = registration({ email: 'michel.dupont@example.com', prenom: 'Michel' });
      const res = await register(t.app, data);
      assert.deepEqual(res.json(), { success: true, message: 'ok' });
      const mail = await t.smtp.waitFor(data.email);
      assert.match(mail.text, /Michel/);
      assert.equal(linkOf(mail).origin + linkOf(mail).pathname, 'https://id.example.org/account/verify-email');
      const before = (await login(t.app, data.email)).json();
      assert.equal(before.has_conf, 0);

      const page = await t.app.inject({ method: 'GET', url: pathOf(mail) });
      assert.equal(page.statusCode, 200);
      const after = (await login(t.app, data.email)).json();
      assert.equal(after.has_conf, 1);
      const user = await call(t.app, '/getuser', { headers: withToken(after.token) });
      assert.equal(user.json().has_conf, 1);
    });

    test('the mail speaks the language of the registration request', async () => {
      const data = registration({ email: 'amelie.fr@example.com', prenom: 'Amélie' });
      await call(t.app, '/register', { query: { data: JSON.stringify(data) }, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
      const mail = await t.smtp.waitFor(data.email);
      assert.match(mail.text, /Bonjour Amélie/);
    });

    test('a refused registration (taken email, weak password) sends no mail', async () => {
      const first = registration({ email: 'once@example.com' });
      await register(t.app, first);
      await t.smtp.waitFor(first.email);
      const taken = await register(t.app, registration({ email: 'once@example.com' }));
      assert.equal(taken.statusCode, 409);
      const weak = await register(t.app, registration({ email: 'weak@example.com', password: '123' }));
      assert.equal(weak.statusCode, 400);
      // A later mail to a third address has arrived: anything queued before it would have too.
      const marker = registration({ email: 'marker@example.com' });
      await register(t.app, marker);
      await t.smtp.waitFor(marker.email);
      assert.equal(t.smtp.to('once@example.com').length, 1);
      assert.equal(t.smtp.to('weak@example.com').length, 0);
    });
  });
}
