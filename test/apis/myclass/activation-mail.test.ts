// Seed 000's mails, read from a real SMTP server on loopback, on SQLite and
// PostgreSQL: add_user_account's activation link activates the account (login is
// refused before), in the user's language; update_user_account's new_email changes
// the address only once the link mailed to it is opened.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { startMailServer, type MailServer } from '../../helpers/mail-server.js';
import { addAccount, call, failure, login, PWD } from '../../helpers/myclass-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`myclass activation and email change mail on ${dialect.name}`, () => {
    let smtp: MailServer;
    const env: Record<string, string> = { PUBLIC_URL: 'https://myclass.example.org' };
    before(async () => {
      smtp = await startMailServer();
      env.SMTP_URL = smtp.url;
    });
    after(async () => smtp.close());
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env });

    /** Opens a mailed link as a mail client would: GET on its path and query. */
    const open = async (link: string) => {
      const url = new URL(link);
      const res = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      return Object.assign(res, { answer: res.json<{ status: boolean; message: unknown }>() });
    };

    test('the activation mail arrives in French with a link to this API; login works only once it is opened', async () => {
      assert.equal((await addAccount(t.app, 'Activate@Example.com')).answer.status, true);
      const mail = await smtp.waitFor('activate@example.com');
      assert.match(mail.subject, /Confirmez votre adresse e-mail/);
      assert.ok(mail.link, mail.text);
      assert.match(mail.link, /^https:\/\/myclass\.example\.org\/myclass\/api\/activate_user_account\?token=/);
      assert.match(failure(await call(t.app, 'login', { Email: 'activate@example.com', Pwd: PWD })), /Compte non activé/);
      const opened = await open(mail.link);
      assert.equal(opened.statusCode, 200);
      assert.deepEqual(opened.answer, { status: true, message: 'Compte activé : vous pouvez vous connecter.' });
      const token = await login(t.app, 'activate@example.com');
      const account = await call(t.app, 'get_user_account', { email: 'activate@example.com', token });
      assert.equal((account.answer.message as { active: boolean }).active, true);
    });

    test('a link works once; a made-up or missing token is refused in the same shape', async () => {
      await addAccount(t.app, 'twice@example.com');
      const { link } = await smtp.waitFor('twice@example.com');
      assert.equal((await open(link!)).answer.status, true);
      assert.match(failure(await open(link!)), /Lien d'activation invalide/);
      assert.match(failure(await call(t.app, 'activate_user_account', { token: 'nope' })), /Lien d'activation invalide/);
      assert.match(failure(await call(t.app, 'activate_user_account/', {})), /Lien d'activation invalide/);
    });

    test('the mail is in the language of the account (lang=es)', async () => {
      await addAccount(t.app, 'es@example.com', { lang: 'es' });
      const mail = await smtp.waitFor('es@example.com');
      assert.match(mail.subject, /Confirme su dirección de correo/);
    });

    test('an expired activation link (48 h) is refused and the account stays inactive', async () => {
      await addAccount(t.app, 'late@example.com');
      const { link } = await smtp.waitFor('late@example.com');
      clock.advance(49 * 3600);
      assert.match(failure(await open(link!)), /Lien d'activation invalide/);
      assert.match(failure(await call(t.app, 'login', { Email: 'late@example.com', Pwd: PWD })), /Compte non activé/);
    });

    test('no account, no mail: a refused add_user_account sends nothing', async () => {
      await addAccount(t.app, 'refused@example.com', { Pwd: 'short' });
      await addAccount(t.app, 'activate@example.com');
      // Mail leaves in order: once a later one arrived, any earlier one would have too.
      await addAccount(t.app, 'after@example.com');
      await smtp.waitFor('after@example.com');
      assert.equal(smtp.to('refused@example.com').length, 0);
      assert.equal(smtp.to('activate@example.com').length, 1, 'a taken email gets no second mail');
    });

    test('update_user_account new_email: a link to the new address, a notice to the old; the address changes on opening', async () => {
      await addAccount(t.app, 'old@example.com');
      await open((await smtp.waitFor('old@example.com')).link!);
      const token = await login(t.app, 'old@example.com');
      const res = await call(t.app, 'update_user_account', { email: 'old@example.com', token, new_email: 'new@example.com', adr_city: 'Lille' });
      assert.equal(res.answer.status, true, res.body);
      assert.match(String(res.answer.message), /new@example\.com/);
      const confirm = await smtp.waitFor('new@example.com');
      assert.match(confirm.link!, /\/myclass\/api\/confirm_user_email\?token=/);
      const notice = await smtp.waitFor('old@example.com', 2);
      assert.match(notice.subject, /va changer/);
      assert.equal((await call(t.app, 'get_user_account', { email: 'old@example.com', token })).answer.status, true, 'not changed yet');
      const opened = await open(confirm.link!);
      assert.deepEqual(opened.answer, { status: true, message: 'Adresse email changée : new@example.com.' });
      const account = await call(t.app, 'get_user_account', { email: 'new@example.com', token });
      assert.equal((account.answer.message as { adr_city: string }).adr_city, 'Lille');
      assert.match(failure(await call(t.app, 'login', { Email: 'old@example.com', Pwd: PWD })), /incorrect/);
      assert.equal(typeof (await login(t.app, 'new@example.com')), 'string');
    });

    test('new_email taken or invalid → status false, and the other fields are not changed either', async () => {
      await addAccount(t.app, 'keep@example.com');
      await open((await smtp.waitFor('keep@example.com')).link!);
      const token = await login(t.app, 'keep@example.com');
      const taken = await call(t.app, 'update_user_account', { email: 'keep@example.com', token, new_email: 'NEW@example.com', adr_city: 'Brest' });
      assert.match(failure(taken), /Un compte existe déjà/);
      const invalid = await call(t.app, 'update_user_account', { email: 'keep@example.com', token, new_email: 'nope', adr_city: 'Brest' });
      assert.match(failure(invalid), /new_email doit être une adresse email valide/);
      assert.equal((await t.store.users.findByEmail('keep@example.com'))?.address.city, null);
    });
  });
}
