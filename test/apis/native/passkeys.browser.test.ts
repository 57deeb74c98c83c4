// Passkeys through a real browser: headless Chromium's virtual authenticator (the
// CDP WebAuthn domain) registers a passkey and signs in against the real service,
// on a page of the service's own origin (PUBLIC_URL = http://localhost:<port>).
// A replayed challenge, a tampered assertion, an assertion made for another
// origin and a signature counter that goes back (a cloned key) are refused — on
// both databases.

import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { freePort, launchBrowser, type Browser } from '../../helpers/browser.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { startMailServer, type MailServer } from '../../helpers/mail-server.js';
import { enableTotp, mailWithSubject } from '../../helpers/mfa.js';
import { PASSWORD, bearer, me, signedInUser } from '../../helpers/native-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSKEY_GRANT = 'urn:sesame:grant-type:passkey';
const BLANK = '<!doctype html><html><head><meta charset="utf-8"><title>passkeys</title></head><body></body></html>';

/** Opens a blank page at `url`, served by the test itself: its origin is what matters to WebAuthn. */
async function openBlank(page: Page, url: string): Promise<void> {
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: BLANK }));
  await page.goto(url);
}

/**
 * Runs `source`, a function of one JSON argument, in the page. Given as text: the
 * WebAuthn calls are the browser's, not this Node program's (no DOM types here).
 */
function inPage<T>(page: Page, source: string, argument: unknown): Promise<T> {
  return page.evaluate(`(${source})(${JSON.stringify(argument)})`) as Promise<T>;
}

/** navigator.credentials.get() with the server's options, in the page; the assertion as WebAuthn JSON. */
function getAssertion(page: Page, options: unknown): Promise<Record<string, unknown>> {
  return inPage(
    page,
    `async (json) => {
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(json);
      const credential = await navigator.credentials.get({ publicKey });
      return credential.toJSON();
    }`,
    options,
  );
}

for (const dialect of dialects) {
  describe(`passkeys in chromium on ${dialect.name}`, () => {
    let database: TestDatabase;
    let smtp: MailServer;
    let t: TestApp;
    let browser: Browser;
    let cdp: CDPSession;
    let authenticatorId: string;
    let origin: string;
    let port: number;

    before(async () => {
      database = await dialect.create();
      smtp = await startMailServer();
      port = await freePort();
      origin = `http://localhost:${port}`;
      t = await startTestApp(database, { env: { SMTP_URL: smtp.url, PUBLIC_URL: origin } });
      await t.app.listen({ port, host: '127.0.0.1' });
      browser = await launchBrowser();
      cdp = await browser.context.newCDPSession(browser.page);
      await cdp.send('WebAuthn.enable');
      ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      }));
      await openBlank(browser.page, `${origin}/passkey-test`);
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      await smtp?.close();
      await database?.drop();
    });

    const step = (name: string, body: () => Promise<void>) =>
      test(name, async (context: TestContext) => {
        try {
          await body();
        } catch (error) {
          const path = await browser.screenshot(`passkeys-${dialect.name}-${context.name}`);
          throw Object.assign(error as Error, { message: `${(error as Error).message}\n(screenshot: ${path})` });
        }
      });

    async function authenticationOptions(email?: string) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/passkeys/authentication-options', payload: email ? { email } : {} });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ challenge_id: string; options: Record<string, unknown> }>();
    }

    function passkeyGrant(challengeId: string, response: unknown) {
      return t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: PASSKEY_GRANT, challenge_id: challengeId, response } });
    }

    let registeredUserToken = '';

    step('register a passkey from the page (same origin, real HTTP), list and rename it; the user is mailed', async () => {
      const { access_token } = await signedInUser(t.app, 'passkey@example.com');
      registeredUserToken = access_token;
      const result = await inPage<{ status: number; body: Record<string, unknown>; rpId: string }>(
        browser.page,
        `async ({ token }) => {
          const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
          const options = await (await fetch('/v1/me/passkeys/options', { method: 'POST', headers, body: '{}' })).json();
          const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
          const credential = await navigator.credentials.create({ publicKey });
          const saved = await fetch('/v1/me/passkeys', { method: 'POST', headers, body: JSON.stringify({ response: credential.toJSON(), name: 'Laptop' }) });
          return { status: saved.status, body: await saved.json(), rpId: options.rp.id };
        }`,
        { token: access_token },
      );
      assert.equal(result.rpId, 'localhost');
      assert.equal(result.status, 201, JSON.stringify(result.body));
      assert.equal(result.body.name, 'Laptop');
      assert.equal(result.body.last_used_at, null);

      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(access_token) });
      assert.deepEqual(list.json().map((p: { name: string }) => p.name), ['Laptop']);
      const renamed = await t.app.inject({ method: 'PATCH', url: `/v1/me/passkeys/${String(result.body.id)}`, headers: bearer(access_token), payload: { name: 'Work laptop' } });
      assert.equal(renamed.json().name, 'Work laptop');
      assert.equal((await me(t.app, access_token)).json().mfa.passkeys, 1);
      await mailWithSubject(smtp, 'passkey@example.com', /passkey was added/);
    });

    step('sign in with the passkey alone (discoverable, no email), no TOTP step even with TOTP on; a replayed challenge is refused', async () => {
      await enableTotp(t.app, registeredUserToken, new Date());
      const password = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'passkey@example.com', password: PASSWORD } });
      assert.equal(password.statusCode, 403, 'the password asks for the second step');
      const { challenge_id, options } = await authenticationOptions();
      const assertion = await getAssertion(browser.page, options);
      const ok = await passkeyGrant(challenge_id, assertion);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await me(t.app, ok.json().access_token)).json().email, 'passkey@example.com');

      const replay = await passkeyGrant(challenge_id, assertion);
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error, 'invalid_grant');

      // As a form post, the assertion travels as a JSON string; with the user's email, their passkeys are offered.
      const named = await authenticationOptions('passkey@example.com');
      assert.equal((named.options.allowCredentials as unknown[]).length, 1);
      // An unknown address, or one without passkeys, looks the same: one stable decoy credential.
      const unknown = await authenticationOptions('nobody@example.com');
      const unknownAgain = await authenticationOptions('NOBODY@example.com');
      assert.equal((unknown.options.allowCredentials as unknown[]).length, 1);
      assert.deepEqual(unknown.options.allowCredentials, unknownAgain.options.allowCredentials);
      assert.notDeepEqual(unknown.options.allowCredentials, named.options.allowCredentials);
      const form = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: PASSKEY_GRANT,
          challenge_id: named.challenge_id,
          response: JSON.stringify(await getAssertion(browser.page, named.options)),
        }).toString(),
      });
      assert.equal(form.statusCode, 200, form.body);
      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(registeredUserToken) });
      assert.ok(list.json()[0].last_used_at);
    });

    step('a tampered assertion is refused', async () => {
      const { challenge_id, options } = await authenticationOptions();
      const assertion = await getAssertion(browser.page, options);
      const response = assertion.response as Record<string, string>;
      const signature = Buffer.from(response.signature!, 'base64url');
      signature[signature.length - 1]! ^= 0x01;
      const tampered = { ...assertion, response: { ...response, signature: signature.toString('base64url') } };
      const refused = await passkeyGrant(challenge_id, tampered);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'invalid_grant');
    });

    step('an assertion made on another origin is refused', async () => {
      const { challenge_id, options } = await authenticationOptions();
      const page = await browser.context.newPage();
      try {
        const otherCdp = await browser.context.newCDPSession(page);
        await otherCdp.send('WebAuthn.enable');
        const { authenticatorId: otherId } = await otherCdp.send('WebAuthn.addVirtualAuthenticator', {
          options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
        });
        // The same credential, on an authenticator of a page of another origin on the same host
        // (the browser lets it use the rpID `localhost`): only the server's origin check stops it.
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        for (const credential of credentials) await otherCdp.send('WebAuthn.addCredential', { authenticatorId: otherId, credential });
        const otherOrigin = `http://localhost:${await freePort()}`;
        await openBlank(page, `${otherOrigin}/phish`);
        const assertion = await getAssertion(page, options);
        const clientData = JSON.parse(Buffer.from((assertion.response as Record<string, string>).clientDataJSON!, 'base64url').toString());
        assert.equal(clientData.origin, otherOrigin);
        const refused = await passkeyGrant(challenge_id, assertion);
        assert.equal(refused.statusCode, 400);
        assert.equal(refused.json().error, 'invalid_grant');
      } finally {
        await page.close();
      }
    });

    step('a signature counter that goes back (a cloned authenticator) is refused', async () => {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      const credential = credentials[0]!;
      assert.ok(credential.signCount > 1);
      await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId });
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credential, signCount: 0 } });
      const { challenge_id, options } = await authenticationOptions();
      const refused = await passkeyGrant(challenge_id, await getAssertion(browser.page, options));
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'invalid_grant');
    });

    step('with passkeys and TOTP off, the password alone signs in; removing a passkey mails the user', async () => {
      const off = await t.app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: bearer(registeredUserToken), payload: { password: PASSWORD } });
      assert.equal(off.statusCode, 204);
      // Passkeys add a way in; "two-step on" means TOTP on.
      const password = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'passkey@example.com', password: PASSWORD } });
      assert.equal(password.statusCode, 200);
      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(registeredUserToken) });
      const id = String(list.json()[0].id);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/me/passkeys/${id}`, headers: bearer(registeredUserToken) })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/me/passkeys/${id}`, headers: bearer(registeredUserToken) })).statusCode, 404);
      assert.equal((await me(t.app, registeredUserToken)).json().mfa.passkeys, 0);
      await mailWithSubject(smtp, 'passkey@example.com', /passkey was removed/);
    });
  });
}
