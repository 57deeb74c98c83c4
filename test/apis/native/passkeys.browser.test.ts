// Passkeys through a real browser: headless Chromium's virtual authenticator (the
// CDP WebAuthn domain) registers a passkey and signs in against the real service,
// on a page of the service's own origin (PUBLIC_URL = http://localhost:<port>).
// A replayed challenge, a tampered assertion, an assertion made for another
// origin and a signature counter that goes back (a cloned key) are refused — on
// both databases. Each test stands alone: its own account, its own page with its
// own virtual authenticator, its own passkey.

import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
    });
    after(async () => {
      await browser?.close();
      await t?.close();
      await smtp?.close();
      await database?.drop();
    });

    interface Device {
      page: Page;
      cdp: CDPSession;
      authenticatorId: string;
    }

    /** A new page of the service's origin with a virtual platform authenticator of its own. */
    async function device(url = `${origin}/passkey-test`): Promise<Device> {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      await openBlank(page, url);
      return { page, cdp, authenticatorId };
    }

    /** A test with its own device, screenshot on failure, page closed after. */
    const step = (name: string, body: (d: Device) => Promise<void>) =>
      test(name, async (context: TestContext) => {
        const d = await device();
        try {
          await body(d);
        } catch (error) {
          mkdirSync('test-artifacts', { recursive: true });
          const path = join('test-artifacts', `passkeys-${dialect.name}-${context.name}`.replace(/[^\w.-]+/g, '-') + '.png');
          await d.page.screenshot({ path, fullPage: true }).catch(() => undefined);
          throw Object.assign(error as Error, { message: `${(error as Error).message}\n(screenshot: ${path})` });
        } finally {
          await d.page.close();
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

    /** Signs `email` up and registers a passkey from the device's page (same origin, real HTTP). */
    async function registeredUser(d: Device, email: string, name = 'Laptop') {
      const { access_token } = await signedInUser(t.app, email);
      const result = await inPage<{ status: number; body: Record<string, unknown>; rpId: string }>(
        d.page,
        `async ({ token, name }) => {
          const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
          const options = await (await fetch('/v1/me/passkeys/options', { method: 'POST', headers, body: '{}' })).json();
          const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
          const credential = await navigator.credentials.create({ publicKey });
          const saved = await fetch('/v1/me/passkeys', { method: 'POST', headers, body: JSON.stringify({ response: credential.toJSON(), name }) });
          return { status: saved.status, body: await saved.json(), rpId: options.rp.id };
        }`,
        { token: access_token, name },
      );
      assert.equal(result.status, 201, JSON.stringify(result.body));
      return { token: access_token, result };
    }

    step('register a passkey from the page (same origin, real HTTP), list and rename it; the user is mailed', async (d) => {
      const { token, result } = await registeredUser(d, 'passkey@example.com');
      assert.equal(result.rpId, 'localhost');
      assert.equal(result.body.name, 'Laptop');
      assert.equal(result.body.last_used_at, null);

      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(token) });
      assert.deepEqual(list.json().map((p: { name: string }) => p.name), ['Laptop']);
      const renamed = await t.app.inject({ method: 'PATCH', url: `/v1/me/passkeys/${String(result.body.id)}`, headers: bearer(token), payload: { name: 'Work laptop' } });
      assert.equal(renamed.json().name, 'Work laptop');
      assert.equal((await me(t.app, token)).json().mfa.passkeys, 1);
      await mailWithSubject(smtp, 'passkey@example.com', /passkey was added/);
    });

    step('sign in with the passkey alone (discoverable, no email), no TOTP step even with TOTP on; a replayed challenge is refused', async (d) => {
      const { token } = await registeredUser(d, 'passkey.signin@example.com');
      await enableTotp(t.app, token, new Date());
      const password = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'passkey.signin@example.com', password: PASSWORD } });
      assert.equal(password.statusCode, 403, 'the password asks for the second step');
      const { challenge_id, options } = await authenticationOptions();
      const assertion = await getAssertion(d.page, options);
      const ok = await passkeyGrant(challenge_id, assertion);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await me(t.app, ok.json().access_token)).json().email, 'passkey.signin@example.com');

      const replay = await passkeyGrant(challenge_id, assertion);
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error, 'invalid_grant');

      // As a form post, the assertion travels as a JSON string; with the user's email, their passkeys are offered.
      const named = await authenticationOptions('passkey.signin@example.com');
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
          response: JSON.stringify(await getAssertion(d.page, named.options)),
        }).toString(),
      });
      assert.equal(form.statusCode, 200, form.body);
      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(token) });
      assert.ok(list.json()[0].last_used_at);
    });

    step('a tampered assertion is refused', async (d) => {
      await registeredUser(d, 'passkey.tampered@example.com');
      const { challenge_id, options } = await authenticationOptions();
      const assertion = await getAssertion(d.page, options);
      const response = assertion.response as Record<string, string>;
      const signature = Buffer.from(response.signature!, 'base64url');
      signature[signature.length - 1]! ^= 0x01;
      const tampered = { ...assertion, response: { ...response, signature: signature.toString('base64url') } };
      const refused = await passkeyGrant(challenge_id, tampered);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'invalid_grant');
    });

    step('an assertion made on another origin is refused', async (d) => {
      await registeredUser(d, 'passkey.phished@example.com');
      const { challenge_id, options } = await authenticationOptions();
      // The same credential, on an authenticator of a page of another origin on the same host
      // (the browser lets it use the rpID `localhost`): only the server's origin check stops it.
      const otherOrigin = `http://localhost:${await freePort()}`;
      const other = await device(`${otherOrigin}/phish`);
      try {
        const { credentials } = await d.cdp.send('WebAuthn.getCredentials', { authenticatorId: d.authenticatorId });
        for (const credential of credentials) await other.cdp.send('WebAuthn.addCredential', { authenticatorId: other.authenticatorId, credential });
        const assertion = await getAssertion(other.page, options);
        const clientData = JSON.parse(Buffer.from((assertion.response as Record<string, string>).clientDataJSON!, 'base64url').toString());
        assert.equal(clientData.origin, otherOrigin);
        const refused = await passkeyGrant(challenge_id, assertion);
        assert.equal(refused.statusCode, 400);
        assert.equal(refused.json().error, 'invalid_grant');
      } finally {
        await other.page.close();
      }
    });

    step('a signature counter that goes back (a cloned authenticator) is refused', async (d) => {
      await registeredUser(d, 'passkey.cloned@example.com');
      const first = await authenticationOptions();
      assert.equal((await passkeyGrant(first.challenge_id, await getAssertion(d.page, first.options))).statusCode, 200);
      const { credentials } = await d.cdp.send('WebAuthn.getCredentials', { authenticatorId: d.authenticatorId });
      const credential = credentials[0]!;
      assert.ok(credential.signCount > 1);
      await d.cdp.send('WebAuthn.removeCredential', { authenticatorId: d.authenticatorId, credentialId: credential.credentialId });
      await d.cdp.send('WebAuthn.addCredential', { authenticatorId: d.authenticatorId, credential: { ...credential, signCount: 0 } });
      const { challenge_id, options } = await authenticationOptions();
      const refused = await passkeyGrant(challenge_id, await getAssertion(d.page, options));
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error, 'invalid_grant');
    });

    step('with passkeys and TOTP off, the password alone signs in; removing a passkey mails the user', async (d) => {
      const { token } = await registeredUser(d, 'passkey.removed@example.com');
      await enableTotp(t.app, token, new Date());
      const off = await t.app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: bearer(token), payload: { password: PASSWORD } });
      assert.equal(off.statusCode, 204);
      // Passkeys add a way in; "two-step on" means TOTP on.
      const password = await t.app.inject({ method: 'POST', url: '/v1/token', payload: { grant_type: 'password', username: 'passkey.removed@example.com', password: PASSWORD } });
      assert.equal(password.statusCode, 200);
      const list = await t.app.inject({ method: 'GET', url: '/v1/me/passkeys', headers: bearer(token) });
      const id = String(list.json()[0].id);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/me/passkeys/${id}`, headers: bearer(token) })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/me/passkeys/${id}`, headers: bearer(token) })).statusCode, 404);
      assert.equal((await me(t.app, token)).json().mfa.passkeys, 0);
      await mailWithSubject(smtp, 'passkey.removed@example.com', /passkey was removed/);
    });
  });
}
