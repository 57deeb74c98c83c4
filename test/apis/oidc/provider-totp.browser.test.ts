// An OpenID Connect sign-in for a user with two-step verification, end to end in
// headless Chromium: the relying party (openid-client) sends a French browser to the
// authorization endpoint, the hosted sign-in asks for the password, then the TOTP
// code (a wrong one keeps the user on that step), then the consent page in French,
// and the relying party gets an ID token for that user. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchChromium } from '../../helpers/console-browser.js';
import { dialects } from '../../helpers/databases.js';
import { enableTotp, totpCode } from '../../helpers/mfa.js';
import { PASSWORD, passwordGrant, signUp } from '../../helpers/native-client.js';
import { authorizationRequest, useListeningProvider } from '../../helpers/oidc-http.js';
import type { TestApp } from '../../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Six digits the authenticator shows in none of the windows around `at`. */
function wrongCode(secret: string, at: Date): string {
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => totpCode(secret, new Date(at.getTime() + step * 30_000))));
  for (let n = 123456; ; n += 1) if (!valid.has(String(n))) return String(n);
}

for (const dialect of dialects) {
  describe(`OpenID Connect sign-in with a TOTP step on ${dialect.name}`, () => {
    let t: TestApp;
    let origin: string;
    let redirectUri: string;
    const provider = useListeningProvider(dialect);
    before(() => ({ t, origin, redirectUri } = provider));

    test('authorization → password → TOTP code (a wrong one keeps the step) → consent in French → an ID token for that user', async () => {
      const email = 'totp-oidc@example.com';
      const created = await signUp(t.app, email, PASSWORD, { locale: 'fr' });
      assert.equal(created.statusCode, 201, created.body);
      const user = (await t.store.users.findByEmail(email))!;
      const native = (await passwordGrant(t.app, email)).json<{ access_token: string }>();
      const { secret } = await enableTotp(t.app, native.access_token, new Date());

      const { client, secret: clientSecret } = await t.domains.oidc.relyingParties.create(null, {
        name: 'Tableau de bord', redirectUris: [redirectUri], firstParty: false,
      });
      const config = await oidc.discovery(new URL(origin), client.clientId, undefined, oidc.ClientSecretBasic(clientSecret!), {
        execute: [oidc.allowInsecureRequests],
      });
      const request = await authorizationRequest(config, redirectUri, 'openid profile email');

      const context = await browser.newContext({ locale: 'fr-FR' });
      try {
        const page = await context.newPage();
        await page.goto(request.url.href);
        assert.equal(new URL(page.url()).pathname, '/account/sign-in', 'the hosted sign-in');
        await page.locator('#email').fill(email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form[action="/account/sign-in"] button').click();
        await page.locator('form[action="/account/sign-in/code"] #code').waitFor();

        // A wrong code: still the code step, with the reason, and no way on to the client.
        const now = new Date();
        await page.locator('#code').fill(wrongCode(secret, now));
        await page.locator('form[action="/account/sign-in/code"] button').click();
        await page.locator('[role="alert"]').waitFor();
        assert.match((await page.locator('[role="alert"]').textContent()) ?? '', /code/i);
        assert.equal(await page.locator('form[action="/account/sign-in/code"] #code').count(), 1, 'still on the code step');
        assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
        assert.deepEqual(await accessibilityViolations(page), [], 'axe on the code step with its error');

        // The right code (the next window: the enrolment spent the current one) goes on to the consent page.
        await page.locator('#code').fill(totpCode(secret, new Date(now.getTime() + 30_000)));
        await page.locator('form[action="/account/sign-in/code"] button').click();
        await page.locator('form[action$="/consent"]').waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'a French browser gets the French consent page');
        assert.equal(await page.locator('button[value="allow"]').textContent(), 'Autoriser');
        assert.match((await page.locator('main').textContent()) ?? '', /Voir votre adresse e-mail/);
        assert.deepEqual(await accessibilityViolations(page), [], 'axe on the consent page');
        await page.locator('button[value="allow"]').click();
        await page.waitForURL((url) => url.pathname === '/rp/callback');

        const tokens = await request.exchange(new URL(page.url()));
        const claims = tokens.claims()!;
        assert.equal(claims.sub, String(user.id));
        assert.equal(claims.email, email);
        assert.equal(claims.locale, 'fr');
        const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`)), {
          issuer: origin, audience: client.clientId,
        });
        assert.equal(verified.payload.sub, String(user.id));
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        assert.equal(info.email, email);
      } finally {
        await context.close();
      }
    });
  });
}
