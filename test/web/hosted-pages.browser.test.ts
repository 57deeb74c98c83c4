// The hosted pages in a real headless chromium: the reset link of a received mail,
// a weak password refused with the reason shown in the page's language, a good
// one accepted, then a sign-in with it. Also the verification link. A screenshot
// of the page goes to test-artifacts/ when a step fails.

import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { launchBrowser, freePort, type Browser } from '../helpers/browser.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const GOOD = 'a long and quiet river 1987';

for (const dialect of dialects) {
  describe(`hosted pages in chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let smtp: MailServer;
    let t: TestApp;
    let browser: Browser;
    let origin: string;

    before(async () => {
      database = await dialect.create();
      smtp = await startMailServer();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      t = await startTestApp(database, { env: { SMTP_URL: smtp.url, PUBLIC_URL: origin } });
      await t.app.listen({ port, host: '127.0.0.1' });
      browser = await launchBrowser({ locale: 'fr-FR' });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      await smtp?.close();
      await database?.drop();
    });

    /** Runs a browser test; on failure keeps a screenshot of where it stood. */
    const step = (name: string, body: () => Promise<void>) =>
      test(name, async (context: TestContext) => {
        try {
          await body();
        } catch (error) {
          const path = await browser.screenshot(`${dialect.name}-${context.name}`);
          throw Object.assign(error as Error, { message: `${(error as Error).message}\n(screenshot: ${path})` });
        }
      });

    step('reset password from the mailed link: weak refused with the reason, good accepted, sign-in works', async () => {
      await signUp(t.app, 'browser@example.com', 'correct horse battery staple', { locale: 'fr' });
      await t.app.inject({ method: 'POST', url: '/v1/password/forgot', payload: { email: 'browser@example.com' } });
      const mail = await smtp.waitFor('browser@example.com', 2);
      assert.ok(mail.link?.startsWith(`${origin}/account/reset-password?token=`));
      const { page } = browser;

      const response = await page.goto(mail.link!);
      assert.equal(response?.status(), 200);
      assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
      assert.equal(await page.locator('h1').textContent(), 'Choisissez un nouveau mot de passe');

      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court');
      await page.getByLabel('Confirmez le nouveau mot de passe').fill('court');
      await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
      await page.waitForLoadState();
      const alert = page.getByRole('alert');
      assert.match((await alert.textContent()) ?? '', /trop court : au moins 12 caractères/);

      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(GOOD);
      await page.getByLabel('Confirmez le nouveau mot de passe').fill(GOOD);
      await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Votre mot de passe est enregistré/);

      assert.equal((await passwordGrant(t.app, 'browser@example.com', GOOD)).statusCode, 200);
      assert.equal((await passwordGrant(t.app, 'browser@example.com')).statusCode, 400);

      await page.goto(mail.link!);
      assert.match((await page.getByRole('alert').textContent()) ?? '', /n’est pas valide ou a déjà servi/);
    });

    step('the verification link verifies in the browser', async () => {
      await signUp(t.app, 'verify.browser@example.com', 'correct horse battery staple', { locale: 'es' });
      const mail = await smtp.waitFor('verify.browser@example.com');
      await browser.page.goto(mail.link!);
      assert.match((await browser.page.getByRole('status').textContent()) ?? '', /está verificada/);
      const tokens = (await passwordGrant(t.app, 'verify.browser@example.com')).json();
      const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(me.json().email_verified, true);
    });

    step('accept an invitation: the mismatch is caught, then the first password is set', async () => {
      const user = await t.core.accounts.signUp(
        { email: 'invited.browser@example.com', password: 'an unusable random password 31', locale: 'en' },
        { api: 'native', ip: null, userAgent: null },
      );
      await t.core.invitations.send(user, { link: (token) => `${origin}/account/accept-invitation?token=${token}` });
      const mail = await smtp.waitFor('invited.browser@example.com');
      const { page } = browser;
      await page.goto(mail.link!);
      assert.equal(await page.locator('h1').textContent(), 'Welcome: choose your password');
      await page.getByLabel('New password', { exact: true }).fill(GOOD);
      await page.getByLabel('Confirm the new password').fill(`${GOOD}!`);
      await page.getByRole('button', { name: 'Set my password' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /not the same/);
      await page.getByLabel('New password', { exact: true }).fill(GOOD);
      await page.getByLabel('Confirm the new password').fill(GOOD);
      await page.getByRole('button', { name: 'Set my password' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Your password is set/);
      assert.equal((await passwordGrant(t.app, 'invited.browser@example.com', GOOD)).statusCode, 200);
    });
  });
}
