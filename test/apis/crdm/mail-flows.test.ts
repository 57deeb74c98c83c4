// crdm contract, the flows that mail a link, read from a real SMTP server on
// loopback: forgot/reset password (no enumeration by default, the document's 422
// behind the switch), the "account created" mail with the creator in Bcc, and
// the email change that happens only when its link is followed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { CRDM_PASSWORD, createAdmin, createMember } from '../../helpers/crdm-fixtures.js';
import { Spa } from '../../helpers/crdm-client.js';
import { assertShape } from '../../helpers/shape-snapshots.js';
import { startTestApp, type TestApp, useMailTestApp } from '../../helpers/test-app.js';

const SNAPSHOTS = 'crdm-mail-flows.json';
const FRONTEND = 'https://crdm.example.com';
const tokenOf = (link: string | null) => new URL(link ?? 'http://missing/').searchParams.get('token') ?? '';

for (const dialect of dialects) {
  describe(`crdm mail flows on ${dialect.name}`, () => {
    const t = useMailTestApp(dialect, { env: { CRDM_FRONTEND_URL: FRONTEND } });

    before(async () => {
      await createAdmin(t);
      await createMember(t, 'christophe@crdm.test');
      await createMember(t, 'francoise@crdm.test', { locale: 'fr' });
    });

    test('forgot then reset through the link of the mail; the old password and old sessions die', async () => {
      const session = new Spa(t.app);
      await session.signIn('christophe@crdm.test', CRDM_PASSWORD);
      const spa = new Spa(t.app);
      await spa.csrf();
      const forgot = await spa.request('POST', '/forgot-password', { email: 'Christophe@crdm.test' });
      assert.equal(forgot.statusCode, 200);
      assert.deepEqual(forgot.json(), { status: 'We have emailed your password reset link.' });
      assertShape(SNAPSHOTS, 'forgot-password 200', forgot.json());
      const mail = await t.smtp.waitFor('christophe@crdm.test');
      assert.ok(mail.link?.startsWith(`${FRONTEND}/reset-password?`), `link to the front end: ${mail.link}`);
      assert.equal(new URL(mail.link!).searchParams.get('email'), 'Christophe@crdm.test');
      const token = tokenOf(mail.link);
      const weak = await spa.request('POST', '/reset-password', {
        email: 'christophe@crdm.test', token, password: 'weakpassword', password_confirmation: 'weakpassword',
      });
      assert.equal(weak.statusCode, 422);
      assert.deepEqual(weak.json().errors, {
        password: [
          'The password field must contain at least one uppercase letter.',
          'The password field must contain at least one number.',
          'The password field must contain at least one symbol.',
        ],
      });
      const reset = await spa.request('POST', '/reset-password', {
        email: 'christophe@crdm.test', token, password: 'Reset-Passw0rd!!', password_confirmation: 'Reset-Passw0rd!!',
      });
      assert.equal(reset.statusCode, 200);
      assert.deepEqual(reset.json(), { status: 'Your password has been reset.' });
      assert.equal((await session.request('GET', '/api/user/')).statusCode, 401, 'sessions ended');
      await new Spa(t.app).signIn('christophe@crdm.test', 'Reset-Passw0rd!!');
      const reused = await spa.request('POST', '/reset-password', {
        email: 'christophe@crdm.test', token, password: 'Other-Passw0rd!!', password_confirmation: 'Other-Passw0rd!!',
      });
      assert.deepEqual([reused.statusCode, reused.json()], [422, {
        message: 'This password reset token is invalid.',
        errors: { email: ['This password reset token is invalid.'] },
      }]);
    });

    test('forgot-password: an unknown address gets the same answer and no mail; a malformed one 422', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      const unknown = await spa.request('POST', '/forgot-password', { email: 'nobody@crdm.test' });
      assert.deepEqual([unknown.statusCode, unknown.json()], [200, { status: 'We have emailed your password reset link.' }]);
      await t.core.background.settled();
      await t.mail.worker.runOnce();
      assert.equal(t.smtp.to('nobody@crdm.test').length, 0);
      const malformed = await spa.request('POST', '/forgot-password', { email: 'nobody' });
      assert.deepEqual([malformed.statusCode, malformed.json()], [422, {
        message: 'The given data was invalid.',
        errors: { email: ['The email field must be a valid email address.'] },
      }]);
      assert.equal((await spa.request('POST', '/forgot-password', { email: 'a@b.co' }, { withoutXsrf: true })).statusCode, 419);
    });

    test('reset-password with a bad token: the document\'s 422 body, in French and in English', async () => {
      const fr = new Spa(t.app, '/crdm', 'fr');
      await fr.csrf();
      const payload = { email: 'francoise@crdm.test', token: 'made-up', password: 'Reset-Passw0rd!!', password_confirmation: 'Reset-Passw0rd!!' };
      const response = await fr.request('POST', '/reset-password', payload);
      assert.equal(response.statusCode, 422);
      assert.deepEqual(response.json(), {
        message: "Ce jeton de réinitialisation du mot de passe n'est pas valide.",
        errors: { email: ["Ce jeton de réinitialisation du mot de passe n'est pas valide."] },
      });
      assertShape(SNAPSHOTS, 'reset-password 422 token', response.json());
      const en = new Spa(t.app, '/crdm', 'en');
      await en.csrf();
      assert.equal((await en.request('POST', '/reset-password', payload)).json().message, 'This password reset token is invalid.');
      const missing = await en.request('POST', '/reset-password', {});
      assert.deepEqual(missing.json().errors, {
        token: ['The token field is required.'],
        email: ['The email field is required.'],
        password: ['The password field is required.'],
      });
    });

    test('a reset link only works with the address it was sent to', async () => {
      const spa = new Spa(t.app);
      await spa.csrf();
      await spa.request('POST', '/forgot-password', { email: 'francoise@crdm.test' });
      const mail = await t.smtp.waitFor('francoise@crdm.test');
      assert.match(mail.subject, /mot de passe/i, 'in the user\'s language');
      const payload = { token: tokenOf(mail.link), password: 'Reset-Passw0rd!!', password_confirmation: 'Reset-Passw0rd!!' };
      const other = await spa.request('POST', '/reset-password', { ...payload, email: 'christophe@crdm.test' });
      assert.equal(other.statusCode, 422);
      const right = await spa.request('POST', '/reset-password', { ...payload, email: 'francoise@crdm.test' });
      assert.equal(right.statusCode, 200);
      assert.deepEqual(right.json(), { status: 'Your password has been reset.' });
    });

    test('POST /api/user: the new user gets a mail to the reset-password page, the creator in Bcc; the link sets a password', async () => {
      const admin = new Spa(t.app);
      await admin.signIn('admin@crdm.test', CRDM_PASSWORD);
      const created = await admin.request('POST', '/api/user', {
        name: 'Durand', first_name: 'Léa', title: 'Mme', phone_number: '+33600000000', email: 'lea@crdm.test', localisation: 'fr',
      });
      assert.equal(created.statusCode, 204);
      const mail = await t.smtp.waitFor('lea@crdm.test');
      assert.deepEqual(mail.recipients.sort(), ['admin@crdm.test', 'lea@crdm.test']);
      assert.deepEqual(mail.to, ['lea@crdm.test'], 'the creator is a blind copy');
      assert.match(mail.subject, /compte/i, 'in the new user\'s language');
      assert.ok(mail.link?.startsWith(`${FRONTEND}/reset-password?`));
      const spa = new Spa(t.app);
      await spa.csrf();
      const reset = await spa.request('POST', '/reset-password', {
        email: 'lea@crdm.test', token: tokenOf(mail.link), password: 'Lea-Passw0rd-2026', password_confirmation: 'Lea-Passw0rd-2026',
      });
      assert.equal(reset.statusCode, 200);
      await spa.signIn('lea@crdm.test', 'Lea-Passw0rd-2026');
      const me = (await spa.request('GET', '/api/user/')).json()[0];
      assert.ok(me.email_verified_at, 'following the link proved the address');
    });

    test('PATCH /api/user/settings/email: a link to the new address; the email changes only when it is followed', async () => {
      const spa = new Spa(t.app);
      await spa.signIn('admin@crdm.test', CRDM_PASSWORD);
      const response = await spa.request('PATCH', '/api/user/settings/email', { email: 'nicolas@crdm.test' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'A validation link has been sent to the new email address.' });
      const mail = await t.smtp.waitFor('nicolas@crdm.test');
      assert.ok(mail.link?.includes('/account/confirm-email?token='), `hosted confirmation page: ${mail.link}`);
      assert.equal((await spa.request('GET', '/api/user/')).json()[0].email, 'admin@crdm.test', 'not yet');
      // Following the link: the hosted page shows a button (GET changes nothing), its form confirms.
      const path = new URL(mail.link!).pathname + new URL(mail.link!).search;
      const page = await t.app.inject({ method: 'GET', url: path });
      assert.equal(page.statusCode, 200);
      assert.equal((await spa.request('GET', '/api/user/')).json()[0].email, 'admin@crdm.test', 'still not');
      const confirmed = await t.app.inject({
        method: 'POST',
        url: '/account/confirm-email',
        payload: { token: tokenOf(mail.link) },
      });
      assert.equal(confirmed.statusCode, 200);
      assert.equal((await spa.request('GET', '/api/user/')).json()[0].email, 'nicolas@crdm.test');
      const taken = await spa.request('PATCH', '/api/user/settings/email', { email: 'francoise@crdm.test' });
      assert.deepEqual([taken.statusCode, taken.json()], [422, {
        message: 'The given data was invalid.',
        errors: { email: ['The email has already been taken.'] },
      }]);
      const malformed = await spa.request('PATCH', '/api/user/settings/email', { email: 'nope' });
      assert.deepEqual(malformed.json().errors, { email: ['The email field must be a valid email address.'] });
      const anonymous = new Spa(t.app);
      await anonymous.csrf();
      assert.equal((await anonymous.request('PATCH', '/api/user/settings/email', { email: 'x@crdm.test' })).statusCode, 401);
    });
  });

  describe(`crdm forgot-password with CRDM_FORGOT_PASSWORD_REVEALS_UNKNOWN on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;

    before(async () => {
      database = await dialect.create();
      t = await startTestApp(database, { env: { CRDM_FORGOT_PASSWORD_REVEALS_UNKNOWN: 'true' } });
      await createMember(t, 'christophe@crdm.test');
    });
    after(async () => {
      await t.close();
      await database.drop();
    });

    test('the document\'s 422 for an unknown user, in the request\'s language; known users still 200', async () => {
      const fr = new Spa(t.app, '/crdm', 'fr');
      await fr.csrf();
      const unknown = await fr.request('POST', '/forgot-password', { email: 'personne@crdm.test' });
      assert.deepEqual([unknown.statusCode, unknown.json()], [422, {
        message: 'Les données fournies sont invalides.',
        errors: { email: ["Aucun utilisateur n'a été trouvé avec cette adresse e-mail."] },
      }]);
      const known = await fr.request('POST', '/forgot-password', { email: 'christophe@crdm.test' });
      assert.equal(known.statusCode, 200);
      await t.core.background.settled();
      await t.mail.worker.runOnce();
      const [listed] = await t.store.outbox.list({ to: 'christophe@crdm.test', limit: 1 });
      const mail = listed && (await t.store.outbox.findById(listed.id));
      assert.ok(mail?.text.includes('/account/reset-password?token='), 'without CRDM_FRONTEND_URL: the hosted page');
    });
  });
}
