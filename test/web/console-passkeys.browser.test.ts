// Passkeys in the console, in headless chromium with the CDP virtual authenticator,
// on the service's own origin (PUBLIC_URL = http://localhost:<port>: WebAuthn wants
// a host name, not an IP). A user adds a passkey on /account and sees it listed,
// signs out, and signs in again with the passkey alone, back where they were
// going; a passkey the service does not know is refused in the page. Without
// JavaScript the passkey controls are hidden and explained. The pages stay free of WCAG 2.2 A/AA violations with their script; screenshots go to
// test-artifacts/console/. Each test registers what it needs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../helpers/browser.js';
import { accessibilityViolations, launchChromium, screenshotBoth } from '../helpers/console-browser.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, signUp } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of dialects) {
  describe(`console passkeys in chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let origin: string;
    const contexts: BrowserContext[] = [];
    // axe and screenshots once: the markup does not depend on the database.
    const once = dialect.name === 'sqlite';

    before(async () => {
      database = await dialect.create();
      const port = await freePort();
      origin = `http://localhost:${port}`;
      t = await startTestApp(database, { env: { PUBLIC_URL: origin } });
      await t.app.listen({ port, host: '127.0.0.1' });
    });
    after(async () => {
      for (const context of contexts) await context.close();
      await t?.close();
      await database?.drop();
    });

    /** A fresh browser context; with `authenticator`, its page has a virtual platform authenticator (resident keys, UV). */
    async function visitor(options: { javaScript?: boolean; authenticator?: boolean; locale?: string } = {}): Promise<Page> {
      const context = await browser.newContext({ locale: options.locale ?? 'en-US', javaScriptEnabled: options.javaScript ?? true });
      contexts.push(context);
      const page = await context.newPage();
      if (options.authenticator) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('WebAuthn.enable');
        await cdp.send('WebAuthn.addVirtualAuthenticator', {
          options: {
            protocol: 'ctap2',
            transport: 'internal',
            hasResidentKey: true,
            hasUserVerification: true,
            isUserVerified: true,
            automaticPresenceSimulation: true,
          },
        });
      }
      return page;
    }

    async function passwordSignIn(page: Page, email: string) {
      await page.goto(`${origin}/account/sign-in`);
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('form[action="/account/sign-in"] button').click();
      await page.waitForURL(`${origin}/account`);
    }

    async function assertAccessible(page: Page, what: string) {
      if (once) assert.deepEqual(await accessibilityViolations(page), [], `axe on ${what}`);
    }

    test('add a passkey on /account, see it listed, sign out, sign in with the passkey alone and land where you were going', async () => {
      await signUp(t.app, 'passkey.console@example.com');
      const page = await visitor({ authenticator: true });
      await passwordSignIn(page, 'passkey.console@example.com');
      assert.match((await page.locator('#passkeys-heading + p').textContent()) ?? '', /No passkey yet/);
      assert.equal(await page.locator('[data-passkey-note]').isHidden(), true, 'with JavaScript, no "needs JavaScript" note');

      await page.getByLabel('Name of the new passkey').fill('Work laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.waitForURL(`${origin}/account?done=passkey-added`);
      assert.match((await page.getByRole('status').textContent()) ?? '', /The passkey is added/);
      assert.equal(await page.getByRole('textbox', { name: 'Rename the passkey Work laptop' }).inputValue(), 'Work laptop');
      const user = (await t.store.users.findByEmail('passkey.console@example.com'))!;
      assert.deepEqual((await t.core.mfa.passkeys.list(user.id)).map((p) => p.name), ['Work laptop']);
      await assertAccessible(page, 'account with a passkey');
      if (once) await screenshotBoth(page, 'account-passkeys');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/account\/sign-in\?done=signed-out$/);
      await page.goto(`${origin}/account/sign-in?return_to=${encodeURIComponent('/account?from=passkey')}`);
      const button = page.getByRole('button', { name: 'Sign in with a passkey' });
      await button.waitFor();
      await assertAccessible(page, 'sign-in with the passkey button');
      if (once) await screenshotBoth(page, 'sign-in-passkey');
      await button.click();
      await page.waitForURL(`${origin}/account?from=passkey`);
      assert.equal(await page.locator('h1').textContent(), 'My account');

      const sessions = await t.core.sessions.list(user.id);
      assert.equal(sessions.length, 1, 'the password session ended at sign-out; the passkey one is open');
      assert.equal(sessions[0]!.api, 'console');
      const audit = await t.store.audit.listForUser(user.id, 20);
      const signIns = audit.filter((e) => e.action === 'user.signed_in').map((e) => e.details.method ?? 'password');
      assert.deepEqual(signIns.sort(), ['passkey', 'password']);
      assert.ok((await t.core.mfa.passkeys.list(user.id))[0]!.lastUsedAt, 'the passkey was used');
    });

    test('signing in with a passkey of no account here says so in the page and opens no session', async () => {
      // The authenticator holds a passkey the service does not know (its account was removed in between).
      await signUp(t.app, 'forgotten.passkey@example.com', PASSWORD, { locale: 'fr' });
      const page = await visitor({ authenticator: true, locale: 'fr-FR' });
      await passwordSignIn(page, 'forgotten.passkey@example.com');
      await page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
      await page.waitForURL(`${origin}/account?done=passkey-added`);
      const user = (await t.store.users.findByEmail('forgotten.passkey@example.com'))!;
      const [passkey] = await t.core.mfa.passkeys.list(user.id);
      await t.core.mfa.passkeys.remove(user, passkey!.id, { ip: '127.0.0.1', userAgent: 'test', api: 'console' });
      await page.context().clearCookies();

      await page.goto(`${origin}/account/sign-in`);
      await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
      const alert = page.locator('#passkey-sign-in [role=alert]');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /La clé d’accès n’a pas été acceptée/);
      assert.equal(new URL(page.url()).pathname, '/account/sign-in');
      assert.equal((await page.context().cookies()).some((c) => c.name === 'sesame_console'), false);
    });

    // (axe runs in the page, so not here: it checked the same markup with its script above.)
    test('without JavaScript the passkey controls are hidden and the account page says why; password sign-in works', async () => {
      await signUp(t.app, 'no.script@example.com');
      const page = await visitor({ javaScript: false });
      await page.goto(`${origin}/account/sign-in`);
      assert.equal(await page.locator('#passkey-sign-in').isHidden(), true);
      await passwordSignIn(page, 'no.script@example.com');
      assert.equal(await page.locator('#passkey-add form').isHidden(), true);
      assert.match((await page.locator('[data-passkey-note]').textContent()) ?? '', /turn JavaScript on/);
    });
  });
}
