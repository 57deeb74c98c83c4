// The web console in headless chromium, as people use it: a user signs in, edits
// their profile, ends a session whose token the API then refuses; an admin finds
// a user among many, changes a role, deletes and restores, unlocks a throttled
// account; a moderator sees no write button and a forged POST is refused; a user
// gets 403 on /admin; a form without its CSRF token is refused; an open redirect
// is ignored. Every page passes axe (WCAG 2.2 A/AA) signed out and in, light and
// dark; screenshots (desktop, 390 px phone) go to test-artifacts/console/.
// Two-step verification: turned on from /account (QR code, key, recovery codes),
// then the sign-in asks for the code.
// Languages and themes are sampled across the pages rather than multiplied.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../helpers/browser.js';
import { accessibilityViolations, launchChromium, screenshotBoth } from '../helpers/console-browser.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { totpCode } from '../helpers/mfa.js';
import { PASSWORD, bearer, passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of dialects) {
  describe(`web console in chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let origin: string;
    const contexts: BrowserContext[] = [];
    // Screenshots and axe once: the pages' markup does not depend on the database
    // (the flows, which do, run on both).
    const once = dialect.name === 'sqlite';
    const shoot = once ? screenshotBoth : async () => undefined;

    before(async () => {
      database = await dialect.create();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      t = await startTestApp(database, { env: { PUBLIC_URL: origin } });
      await t.app.listen({ port, host: '127.0.0.1' });
      await t.core.accounts.createOrPromoteAdmin('admin@example.com', PASSWORD);
    });
    after(async () => {
      for (const context of contexts) await context.close();
      await t?.close();
      await database?.drop();
    });

    async function visitor(options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
      const context = await browser.newContext({ locale: options.locale ?? 'en-US', colorScheme: options.colorScheme ?? 'light' });
      contexts.push(context);
      return context.newPage();
    }

    async function signIn(page: Page, email: string, path = '/account/sign-in') {
      await page.goto(`${origin}${path}`);
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('form[action="/account/sign-in"] button').click();
      await page.waitForLoadState();
    }

    async function assertAccessible(page: Page, what: string) {
      if (!once) return;
      assert.deepEqual(await accessibilityViolations(page), [], `axe on ${what}`);
    }

    const userId = async (email: string) => (await t.store.users.findByEmail(email))!.id;

    test('signed out: / leads to sign-in; sign-in and forgot-password pages are accessible in both themes', async () => {
      const page = await visitor({ locale: 'fr-FR' });
      const response = await page.goto(`${origin}/`);
      assert.equal(new URL(page.url()).pathname, '/account/sign-in');
      assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
      assert.equal(await page.locator('h1').textContent(), 'Connexion');
      await assertAccessible(page, 'sign-in (fr, light)');
      await shoot(page, 'sign-in');

      await page.goto(`${origin}/account`);
      assert.equal(new URL(page.url()).pathname, '/account/sign-in', 'a signed-out visitor is sent to sign in');

      const dark = await visitor({ locale: 'de-DE', colorScheme: 'dark' });
      await dark.goto(`${origin}/account/sign-in`);
      await dark.getByRole('link', { name: 'Passwort vergessen?' }).click();
      await dark.waitForLoadState();
      assert.equal(await dark.locator('h1').textContent(), 'Passwort vergessen');
      assert.equal(await dark.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(15, 23, 42)');
      await assertAccessible(dark, 'forgot password (de, dark)');
      await shoot(dark, 'forgot-password');
      await dark.locator('#email').fill('nobody@example.com');
      await dark.getByRole('button', { name: 'Link senden' }).click();
      await dark.waitForLoadState();
      assert.match((await dark.getByRole('status').textContent()) ?? '', /Falls ein Konto/);
    });

    test('wrong password is refused in the page; return_to to another site is ignored, a path of this site kept', async () => {
      await signUp(t.app, 'redirect@example.com');
      const page = await visitor();
      await page.goto(`${origin}/account/sign-in`);
      await page.locator('#email').fill('redirect@example.com');
      await page.locator('#password').fill('not the password at all');
      await page.locator('form[action="/account/sign-in"] button').click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /email or password is incorrect/);

      await signIn(page, 'redirect@example.com', `/account/sign-in?return_to=${encodeURIComponent('https://evil.example/steal')}`);
      assert.equal(page.url(), `${origin}/account`);
      await page.context().clearCookies();
      await signIn(page, 'redirect@example.com', `/account/sign-in?return_to=${encodeURIComponent('//evil.example/x')}`);
      assert.equal(page.url(), `${origin}/account`);
      await page.context().clearCookies();
      await signIn(page, 'redirect@example.com', `/account/sign-in?return_to=${encodeURIComponent('/account?from=mail')}`);
      assert.equal(page.url(), `${origin}/account?from=mail`);
    });

    test('a user edits the profile, turns dark mode on, ends a session whose token the API then refuses', async () => {
      await signUp(t.app, 'person@example.com', PASSWORD, { locale: 'es' });
      const tokens = (await passwordGrant(t.app, 'person@example.com')).json<{ access_token: string }>();
      const page = await visitor({ locale: 'es-ES' });
      await signIn(page, 'person@example.com');
      assert.equal(await page.locator('h1').textContent(), 'Mi cuenta');
      await assertAccessible(page, 'account (es, light)');

      await page.getByLabel('Nombre', { exact: true }).fill('Lucía');
      await page.getByLabel('Ciudad').fill('Sevilla');
      await page.getByLabel('Tema oscuro').check();
      await page.getByRole('button', { name: 'Guardar' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Su perfil está guardado/);
      assert.equal(await page.locator('html').getAttribute('class'), 'dark');
      const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tokens.access_token) });
      assert.equal(me.json<{ first_name: string; address: { city: string } }>().first_name, 'Lucía');
      await assertAccessible(page, 'account (es, dark)');
      await shoot(page, 'account');

      // The console session is listed by the API as one of API "console".
      const listed = await t.app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(tokens.access_token) });
      assert.deepEqual(listed.json<{ api: string }[]>().map((s) => s.api).sort(), ['console', 'native']);

      const row = page.locator('tr', { hasText: 'native' });
      await row.getByRole('button', { name: 'Terminar' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /La sesión ha terminado/);
      const refused = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tokens.access_token) });
      assert.equal(refused.statusCode, 401);
      assert.equal(await page.locator('tr', { hasText: 'native' }).count(), 0);
    });

    test('password change needs the current password and the same confirmation; weak passwords get the reason', async () => {
      await signUp(t.app, 'changer@example.com');
      const page = await visitor();
      await signIn(page, 'changer@example.com');
      await page.getByLabel('Current password').nth(1).fill('wrong current password');
      await page.getByLabel('New password', { exact: true }).fill('a brand new long passphrase');
      await page.getByLabel('Confirm the new password').fill('a brand new long passphrase');
      await page.getByRole('button', { name: 'Change my password' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /password is not right/);

      await page.getByLabel('Current password').nth(1).fill(PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Confirm the new password').fill('short');
      await page.getByRole('button', { name: 'Change my password' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /too short/);
      assert.equal((await passwordGrant(t.app, 'changer@example.com')).statusCode, 200, 'nothing changed');
    });

    test('a form without its CSRF token is refused; a user gets 403 on /admin', async () => {
      await signUp(t.app, 'plain@example.com');
      const page = await visitor();
      await signIn(page, 'plain@example.com');
      const forged = await page.request.post(`${origin}/account/profile`, { form: { first_name: 'Forged' } });
      assert.equal(forged.status(), 403);
      assert.match(await forged.text(), /did not come from this site/);
      const wrong = await page.request.post(`${origin}/account/profile`, { form: { first_name: 'Forged', _csrf: 'x'.repeat(43) } });
      assert.equal(wrong.status(), 403);
      assert.equal((await t.store.users.findByEmail('plain@example.com'))!.firstName, null);

      const admin = await page.goto(`${origin}/admin`);
      assert.equal(admin?.status(), 403);
      assert.match((await page.getByRole('alert').textContent()) ?? '', /not allowed/);
      await assertAccessible(page, '403 page');
      await shoot(page, 'forbidden');
      assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0, 'no admin menu for a user');
    });

    test('an admin finds a user among many, changes the role, deletes and restores, unlocks a throttled account', async () => {
      for (let i = 0; i < 40; i++) {
        await t.store.users.insert({ email: `member${String(i).padStart(2, '0')}@example.com`, role: 'USER', locale: 'en', firstName: `Member ${i}` }, new Date());
      }
      await signUp(t.app, 'needle@example.com', PASSWORD, { first_name: 'Quentin', last_name: 'Needleman' });
      const needle = await userId('needle@example.com');
      const page = await visitor({ colorScheme: 'dark' });
      await signIn(page, 'admin@example.com', '/account/sign-in?return_to=/admin');
      assert.equal(new URL(page.url()).pathname, '/admin');
      assert.match((await page.locator('#count').textContent()) ?? '', /users/);
      assert.equal(await page.locator('tbody tr').count(), 25, 'one page of 25');
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.waitForLoadState();
      assert.ok((await page.locator('tbody tr').count()) > 0);
      await assertAccessible(page, 'users list (en, light user preference)');
      await shoot(page, 'admin-users');

      await page.getByLabel('Search').fill('needle');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('#count').textContent(), '1 users');
      await page.getByRole('link', { name: 'needle@example.com' }).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).pathname, `/admin/users/${needle}`);
      await assertAccessible(page, 'user page');
      await shoot(page, 'admin-user');

      await page.locator('#new-role').selectOption('MODERATOR');
      await page.getByRole('button', { name: 'Change the role' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /role is changed/);
      assert.equal((await t.store.users.findById(needle))!.role, 'MODERATOR');

      await page.getByLabel('City').fill('Lyon');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /profile is saved/);
      const edited = (await t.store.users.findById(needle))!;
      assert.equal(edited.address.city, 'Lyon');
      assert.equal(edited.firstName, 'Quentin', 'the other fields are kept');

      // Deleting asks for the tick first; the browser will not submit without it.
      await page.getByRole('button', { name: 'Delete this account' }).click();
      assert.equal(new URL(page.url()).search, '?done=profile', 'not submitted without the confirmation');
      await page.getByLabel(/Yes, delete this account/).check();
      await page.getByRole('button', { name: 'Delete this account' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /account is deleted/);
      assert.equal((await passwordGrant(t.app, 'needle@example.com')).statusCode, 400);
      await page.getByRole('button', { name: 'Restore this account' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /account is restored/);
      assert.equal((await passwordGrant(t.app, 'needle@example.com')).statusCode, 200);

      for (let i = 0; i < 10; i++) await passwordGrant(t.app, 'needle@example.com', 'wrong password again');
      assert.equal((await passwordGrant(t.app, 'needle@example.com')).statusCode, 429);
      await page.getByRole('button', { name: 'Unlock sign-in' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /Sign-in is unlocked/);
      assert.equal((await passwordGrant(t.app, 'needle@example.com')).statusCode, 200);

      await page.getByRole('link', { name: 'Audit trail of this account' }).click();
      await page.waitForLoadState();
      assert.equal(await page.getByLabel('User id').inputValue(), String(needle));
      await page.getByLabel('Action').selectOption('user.unlocked');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('tbody tr').count(), 1);
      await assertAccessible(page, 'audit trail');
      await shoot(page, 'admin-audit');

      await page.getByRole('link', { name: 'Invite' }).click();
      await page.waitForLoadState();
      await page.getByLabel('Email').fill('newcomer@example.com');
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /newcomer@example.com/);
      await assertAccessible(page, 'invite');
      await shoot(page, 'admin-invite');

      // A mail that failed for good, tried again from the outbox page.
      const later = new Date(Date.now() + 3600_000);
      const failed = await t.store.outbox.enqueue({
        kind: 'password_reset', userId: needle, to: 'needle@example.com', bcc: [], locale: 'en',
        subject: 'Reset', text: 'link', html: '<p>link</p>', createdAt: later,
      });
      await t.store.outbox.claim(failed, 'test', later, new Date(later.getTime() + 60_000));
      await t.store.outbox.markAttemptFailed(failed, 'test', '550 mailbox unavailable', null);

      await page.getByRole('link', { name: 'Mail outbox' }).click();
      await page.waitForLoadState();
      assert.ok((await page.locator('tbody tr', { hasText: 'newcomer@example.com' }).count()) >= 1);
      await assertAccessible(page, 'outbox');
      await shoot(page, 'admin-outbox');
      await page.getByLabel('Status').selectOption('failed');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForLoadState();
      assert.match((await page.locator('tbody').textContent()) ?? '', /550 mailbox unavailable/);
      await page.getByRole('button', { name: 'Try the mail to needle@example.com again' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /will be sent again/);
      assert.notEqual((await t.store.outbox.findById(failed))!.status, 'failed');
    });

    test('a moderator reads users without any write button, and a forged POST is refused', async () => {
      await signUp(t.app, 'mod@example.com', PASSWORD, { locale: 'de' });
      await signUp(t.app, 'target@example.com');
      await t.store.users.update(await userId('mod@example.com'), { role: 'MODERATOR' }, new Date());
      const target = await userId('target@example.com');
      const page = await visitor({ locale: 'de-DE' });
      await signIn(page, 'mod@example.com');
      await page.goto(`${origin}/admin/users/${target}`);
      assert.equal(await page.locator('h1').textContent(), 'Benutzer target@example.com');
      assert.equal(await page.locator('main form').count(), 0, 'no form, no button for a moderator');
      assert.equal(await page.getByRole('link', { name: 'Audit-Protokoll' }).count(), 0);
      await assertAccessible(page, 'user page, moderator (de)');

      // A forged POST with a valid token for this session: the kernel refuses.
      const csrf = await page.locator('input[name=_csrf]').first().inputValue();
      const forged = await page.request.post(`${origin}/admin/users/${target}/role`, { form: { _csrf: csrf, role: 'ADMIN' } });
      assert.equal(forged.status(), 403);
      assert.equal((await t.store.users.findById(target))!.role, 'USER');
      assert.equal((await page.goto(`${origin}/admin/audit`))?.status(), 403);
    });

    test('a user turns two-step verification on from /account, then signs in with the code', async () => {
      await signUp(t.app, 'twostep@example.com');
      const page = await visitor({ colorScheme: 'dark' });
      await signIn(page, 'twostep@example.com');
      await page.locator('#totp_password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Turn on with an authenticator app' }).click();
      await page.waitForLoadState();
      const qr = page.getByRole('img', { name: 'QR code of the key for your authenticator app' });
      assert.ok(await qr.evaluate((img) => { const image = img as unknown as { complete: boolean; naturalWidth: number }; return image.complete && image.naturalWidth > 0; }), 'the QR code is shown under the CSP');
      const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
      await assertAccessible(page, 'TOTP enrolment (dark)');
      await shoot(page, 'totp-enrolment');
      await page.locator('#code').fill(totpCode(secret, new Date()));
      await page.getByRole('button', { name: 'Turn on', exact: true }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('.codes li').count(), 10);
      await assertAccessible(page, 'recovery codes (dark)');
      await shoot(page, 'totp-recovery-codes');
      await page.goto(`${origin}/account`);
      assert.match((await page.locator('#security-heading + p').textContent()) ?? '', /Recovery codes left: 10/);
      await assertAccessible(page, 'account with TOTP on (dark)');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForLoadState();

      await signIn(page, 'twostep@example.com', '/account/sign-in?return_to=%2Faccount%3Fx%3D1');
      assert.equal(await page.locator('h1').textContent(), 'Two-step verification');
      assert.ok(!page.url().includes('mfa'), 'nothing of the mfa_token in the URL');
      const pending = (await page.context().cookies()).find((c) => c.name === 'sesame_console_mfa')!;
      assert.equal(pending.httpOnly, true);
      assert.equal(pending.sameSite, 'Strict');
      await assertAccessible(page, 'sign-in code (dark)');
      await shoot(page, 'sign-in-code');
      await page.locator('#code').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /This code is not valid/);
      await page.locator('#code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/account?x=1');
    });

    test('signing out ends the console session', async () => {
      await signUp(t.app, 'leaver@example.com');
      const page = await visitor();
      await signIn(page, 'leaver@example.com');
      const cookie = (await page.context().cookies()).find((c) => c.name === 'sesame_console')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForLoadState();
      assert.match((await page.getByRole('status').textContent()) ?? '', /You are signed out/);
      // The old cookie, replayed, opens nothing.
      await page.context().addCookies([{ ...cookie }]);
      await page.goto(`${origin}/account`);
      assert.equal(new URL(page.url()).pathname, '/account/sign-in');
    });
  });
}
