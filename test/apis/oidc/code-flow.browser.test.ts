// Sésame as an OpenID Connect provider, driven by openid-client (a real relying
// party) against the listening service, the user in headless Chromium signing in
// through the console's hosted sign-in. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../helpers/browser.js';
import { launchChromium } from '../../helpers/console-browser.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';
import { PASSWORD, bearer, passwordGrant, signUp } from '../../helpers/native-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of dialects) {
  describe(`OpenID Connect provider on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let origin: string;
    let redirectUri: string;

    before(async () => {
      database = await dialect.create();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      redirectUri = `${origin}/rp/callback`;
      t = await startTestApp(database, { env: { PUBLIC_URL: origin } });
      await t.app.listen({ port, host: '127.0.0.1' });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    /** openid-client's error for an OAuth `invalid_grant` answer. */
    const invalidGrant = (error: unknown) => (error as { error?: string }).error === 'invalid_grant';

    const insecure = { execute: [oidc.allowInsecureRequests] };

    async function confidentialClient(fields: { firstParty?: boolean } = {}) {
      const { client, secret } = await t.domains.oidc.relyingParties.create(null, {
        name: 'Grafana', redirectUris: [redirectUri], postLogoutRedirectUris: [`${origin}/rp/bye`], firstParty: fields.firstParty ?? true,
      });
      const config = await oidc.discovery(new URL(origin), client.clientId, undefined, oidc.ClientSecretBasic(secret!), insecure);
      return { client, config };
    }

    async function user(email: string) {
      const response = await signUp(t.app, email);
      assert.equal(response.statusCode, 201, response.body);
      return (await t.store.users.findByEmail(email))!;
    }

    /** The browser follows the authorization URL, signs in when asked, and lands on the redirect URI. */
    async function authorize(page: Page, url: URL, email: string | null): Promise<URL> {
      await page.goto(url.href);
      if (email && new URL(page.url()).pathname === '/account/sign-in') {
        await page.locator('#email').fill(email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('form[action="/account/sign-in"] button').click();
      }
      await page.waitForURL((u) => u.pathname === '/rp/callback' || u.pathname.includes('/interaction/'));
      return new URL(page.url());
    }

    async function codeFlow(config: oidc.Configuration, email: string, page: Page, scope = 'openid profile email offline_access') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope, state, nonce, prompt: 'consent',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      const callback = await authorize(page, url, email);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      return { tokens, callback, state, nonce };
    }

    test('discovery: issuer is PUBLIC_URL, jwks_uri the service key set, code flow only with S256', async () => {
      const response = await fetch(`${origin}/.well-known/openid-configuration`);
      assert.equal(response.status, 200);
      const doc = (await response.json()) as Record<string, unknown>;
      assert.equal(doc.issuer, origin);
      assert.equal(doc.jwks_uri, `${origin}/.well-known/jwks.json`);
      assert.equal(doc.authorization_endpoint, `${origin}/oidc/auth`);
      assert.deepEqual(doc.response_types_supported, ['code']);
      assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
      assert.ok((doc.id_token_signing_alg_values_supported as string[]).includes('RS256'));
      assert.ok(!(doc.grant_types_supported as string[]).includes('password'));
      assert.ok(!(doc.grant_types_supported as string[]).includes('implicit'));
    });

    test('code + PKCE through the hosted sign-in: an RS256 ID token verified with the JWKS, with nonce, iss and at_hash', async () => {
      const { config } = await confidentialClient();
      const alice = await user('alice@example.com');
      const context = await browser.newContext();
      try {
        const { tokens, callback, state } = await codeFlow(config, 'alice@example.com', await context.newPage());
        assert.equal(callback.searchParams.get('state'), state, 'state');
        assert.equal(callback.searchParams.get('iss'), origin, 'iss in the response');
        const claims = tokens.claims()!;
        assert.equal(claims.sub, String(alice.id));
        assert.equal(claims.iss, origin);
        assert.equal(claims.email, 'alice@example.com');
        assert.equal(claims.email_verified, false);
        // at_hash is optional for an ID token from the token endpoint (Core 3.1.3.6); when sent it must match.
        if (claims.at_hash !== undefined) {
          const digest = createHash('sha256').update(tokens.access_token).digest();
          assert.equal(claims.at_hash, digest.subarray(0, 16).toString('base64url'), 'at_hash');
        }
        const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { alg: string; kid: string };
        assert.equal(header.alg, 'RS256');
        const jwks = (await (await fetch(`${origin}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        assert.ok(jwks.keys.some((key) => key.kid === header.kid), 'the ID token key is published');

        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        assert.equal(info.email, 'alice@example.com');
      } finally {
        await context.close();
      }
    });

    test('the OIDC session is a Sésame session: listed in /v1/me/sessions with api "oidc"; ending it ends the tokens', async () => {
      const { config } = await confidentialClient();
      await user('bob@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'bob@example.com', await context.newPage());
        const native = (await passwordGrant(t.app, 'bob@example.com')).json<{ access_token: string }>();
        const list = await t.app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(native.access_token) });
        const sessions = list.json<{ id: string; api: string }[]>();
        const session = sessions.find((s) => s.api === 'oidc');
        assert.ok(session, JSON.stringify(sessions));

        const ended = await t.app.inject({ method: 'DELETE', url: `/v1/me/sessions/${session.id}`, headers: bearer(native.access_token) });
        assert.equal(ended.statusCode, 204);
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
        await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck));
      } finally {
        await context.close();
      }
    });

    test('refresh tokens rotate; a reused one is refused and ends the grant', async () => {
      const { config } = await confidentialClient();
      await user('carol@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'carol@example.com', await context.newPage());
        const second = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
        assert.notEqual(second.refresh_token, tokens.refresh_token);
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
        await assert.rejects(oidc.refreshTokenGrant(config, second.refresh_token!), invalidGrant, 'reuse ended the whole grant');
      } finally {
        await context.close();
      }
    });
  });
}
