// Sésame as an OpenID Connect provider, driven by openid-client (a real relying
// party) against the listening service, the user in headless Chromium signing in
// through the console's hosted sign-in. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium } from '../../helpers/console-browser.js';
import { dialects } from '../../helpers/databases.js';
import { PASSWORD, bearer, passwordGrant, signUp } from '../../helpers/native-client.js';
import { signedInAs } from '../../helpers/native-admin.js';
import { useListeningProvider } from '../../helpers/oidc-http.js';
import type { TestApp } from '../../helpers/test-app.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const dialect of dialects) {
  describe(`OpenID Connect provider on ${dialect.name}`, () => {
    let t: TestApp;
    let origin: string;
    let redirectUri: string;
    const provider = useListeningProvider(dialect);
    before(() => ({ t, origin, redirectUri } = provider));

    /** openid-client's error for an OAuth `invalid_grant` answer. */
    const invalidGrant = (error: unknown) => (error as { error?: string }).error === 'invalid_grant';

    const insecure = { execute: [oidc.allowInsecureRequests] };

    async function confidentialClient(fields: { firstParty?: boolean } = {}) {
      const { client, secret } = await t.domains.oidc.relyingParties.create(null, {
        name: 'Grafana', redirectUris: [redirectUri], postLogoutRedirectUris: [`http://localhost:${new URL(origin).port}/rp/bye`], firstParty: fields.firstParty ?? true,
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
      // Either back at the client, or stopped at a consent page.
      await Promise.race([
        page.waitForURL((u) => u.pathname === '/rp/callback'),
        page.locator('form[action$="/consent"]').waitFor(),
      ]);
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

    test('code + PKCE through the hosted sign-in: an RS256 ID token verified with the JWKS, with iss in the response', async () => {
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
        const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { alg: string; kid: string };
        assert.equal(header.alg, 'RS256');
        const jwks = (await (await fetch(`${origin}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        assert.ok(jwks.keys.some((key) => key.kid === header.kid), 'the ID token key is published');
        const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`)), {
          issuer: origin, audience: config.clientMetadata().client_id, algorithms: ['RS256'],
        });
        assert.equal(verified.payload.sub, String(alice.id), 'the signature verifies with the published key set');

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
        const sessions = list.json<{ id: string; api: string; client: string | null }[]>();
        const session = sessions.find((s) => s.api === 'oidc');
        assert.ok(session, JSON.stringify(sessions));
        assert.equal(session.client, 'Grafana', "the client's name");

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

    test('at_hash: absent from the code flow ID token (OPTIONAL there, OIDC Core 3.1.3.6); every response type that would need it is refused', async () => {
      const { client, config } = await confidentialClient();
      await user('at-hash@example.com');
      const context = await browser.newContext();
      try {
        // openid-client checked this ID token (signature, iss, aud, nonce) and took it without at_hash.
        const { tokens } = await codeFlow(config, 'at-hash@example.com', await context.newPage());
        assert.ok(tokens.access_token && tokens.id_token);
        assert.equal('at_hash' in tokens.claims()!, false, 'oidc-provider sends at_hash only beside an access token from the authorization endpoint');
      } finally {
        await context.close();
      }
      // at_hash is REQUIRED only in implicit and hybrid responses that carry an access token: none is ever issued.
      for (const responseType of ['id_token token', 'code id_token token', 'code token', 'token', 'id_token', 'code id_token']) {
        const url = new URL(`${origin}/oidc/auth`);
        url.search = new URLSearchParams({
          client_id: client.clientId, redirect_uri: redirectUri, response_type: responseType, scope: 'openid', nonce: 'n', state: 's',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
        }).toString();
        const answer = await fetch(url, { redirect: 'manual' });
        assert.equal(answer.status, 303, responseType);
        const back = new URLSearchParams(new URL(answer.headers.get('location')!).hash.slice(1));
        assert.equal(back.get('error'), 'unsupported_response_type', responseType);
        assert.equal(back.get('access_token'), null, responseType);
        assert.equal(back.get('id_token'), null, responseType);
      }
    });

    test('nonce: the ID token carries the nonce sent, and a different expected nonce is refused', async () => {
      const { config } = await confidentialClient();
      await user('nonce@example.com');
      const context = await browser.newContext();
      try {
        const verifier = oidc.randomPKCECodeVerifier();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope: 'openid', nonce: 'n-0S6_WzA2Mj', state: 'st',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        const callback = await authorize(await context.newPage(), url, 'nonce@example.com');
        await assert.rejects(
          oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st', expectedNonce: 'another' }),
          (error: Error) => /"nonce"/.test(String((error.cause as Error | undefined)?.message)),
        );
        const { tokens } = await codeFlow(config, 'nonce@example.com', await context.newPage(), 'openid');
        assert.ok(typeof tokens.claims()!.nonce === 'string');
      } finally {
        await context.close();
      }
    });

    test('state: the redirect returns the state sent, and an unexpected one is refused by the relying party', async () => {
      const { config } = await confidentialClient();
      await user('state@example.com');
      const context = await browser.newContext();
      try {
        const verifier = oidc.randomPKCECodeVerifier();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope: 'openid', state: 'xyz-state',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        const callback = await authorize(await context.newPage(), url, 'state@example.com');
        assert.equal(callback.searchParams.get('state'), 'xyz-state');
        await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'other' }),
          (error: Error) => /"state"/.test(String((error.cause as Error | undefined)?.message)));
      } finally {
        await context.close();
      }
    });

    test('a public client without PKCE is refused; a wrong redirect_uri is never redirected to', async () => {
      const { client } = await t.domains.oidc.relyingParties.create(null, { name: 'SPA', redirectUris: [redirectUri], public: true, firstParty: true });
      const noPkce = new URL(`${origin}/oidc/auth`);
      noPkce.search = new URLSearchParams({ client_id: client.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', state: 's' }).toString();
      const refused = await fetch(noPkce, { redirect: 'manual' });
      assert.equal(refused.status, 303);
      const location = new URL(refused.headers.get('location')!);
      assert.equal(location.searchParams.get('error'), 'invalid_request');
      assert.match(location.searchParams.get('error_description') ?? '', /PKCE/);

      const wrong = new URL(`${origin}/oidc/auth`);
      wrong.search = new URLSearchParams({
        client_id: client.clientId, redirect_uri: `${redirectUri}/other`, response_type: 'code', scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      }).toString();
      const answer = await fetch(wrong, { redirect: 'manual' });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('location'), null);
    });

    test('a public client signs in with code + PKCE and no secret', async () => {
      const { client } = await t.domains.oidc.relyingParties.create(null, { name: 'SPA', redirectUris: [redirectUri], public: true, firstParty: true });
      const config = await oidc.discovery(new URL(origin), client.clientId, undefined, oidc.None(), insecure);
      await user('public@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'public@example.com', await context.newPage());
        assert.ok(tokens.claims()!.sub);
      } finally {
        await context.close();
      }
    });

    test('client credentials, introspection of an active then a revoked token, revocation', async () => {
      const { config } = await confidentialClient();
      const machine = await oidc.clientCredentialsGrant(config);
      assert.ok(machine.access_token);
      await user('intro@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'intro@example.com', await context.newPage());
        const active = await oidc.tokenIntrospection(config, tokens.access_token);
        assert.equal(active.active, true);
        assert.equal(active.sub, tokens.claims()!.sub);
        await oidc.tokenRevocation(config, tokens.access_token);
        assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
        await oidc.tokenRevocation(config, tokens.refresh_token!);
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
      } finally {
        await context.close();
      }
    });

    test('RP-initiated logout ends the OIDC session: the Sésame session is gone and the refresh token refused', async () => {
      const { config } = await confidentialClient();
      await user('logout@example.com');
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const { tokens } = await codeFlow(config, 'logout@example.com', page);
        const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `http://localhost:${new URL(origin).port}/rp/bye` });
        await page.goto(end.href);
        await page.locator('button[name="logout"]').click();
        await page.waitForURL((u) => u.pathname === '/rp/bye');
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
        const native = (await passwordGrant(t.app, 'logout@example.com')).json<{ access_token: string }>();
        const sessions = (await t.app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(native.access_token) })).json<{ api: string }[]>();
        assert.equal(sessions.filter((s) => s.api === 'oidc').length, 0);
      } finally {
        await context.close();
      }
    });

    test('a password change ends the refresh tokens of the OIDC session', async () => {
      const { config } = await confidentialClient();
      await user('pw@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'pw@example.com', await context.newPage());
        const native = (await passwordGrant(t.app, 'pw@example.com')).json<{ access_token: string }>();
        const changed = await t.app.inject({
          method: 'POST', url: '/v1/me/password', headers: bearer(native.access_token),
          payload: { current_password: PASSWORD, new_password: 'an entirely new passphrase 42' },
        });
        assert.ok(changed.statusCode < 300, changed.body);
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
      } finally {
        await context.close();
      }
    });

    test('consent: asked once for a third-party client, remembered, listed, and revoked (its tokens end)', async () => {
      const { client, config } = await confidentialClient({ firstParty: false });
      await user('consent@example.com');
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const verifier = oidc.randomPKCECodeVerifier();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope: 'openid email', state: 's1',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        const shown = await authorize(page, url, 'consent@example.com');
        assert.match(shown.pathname, /\/interaction\//, 'the consent page is shown');
        assert.match(await page.locator('h2').textContent() ?? '', /Grafana/);
        await page.locator('button[value="allow"]').click();
        await page.waitForURL((u) => u.pathname === '/rp/callback');
        const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: 's1' });
        assert.ok(tokens.access_token);

        // Remembered: the next authorization with the same scopes goes straight back.
        const again = await codeFlow(config, 'consent@example.com', page, 'openid email');
        assert.ok(again.tokens.access_token);

        // Listed on the console's account page (the browser holds the console session of the sign-in), which passes axe.
        await page.goto(`${origin}/account`);
        const row = page.locator('section[aria-labelledby="consents-heading"] tbody tr');
        assert.equal(await row.count(), 1);
        assert.match((await row.textContent()) ?? '', /Grafana[\s\S]*See your email address/);
        assert.deepEqual(await accessibilityViolations(page), [], 'axe on /account with a consent listed');

        const native = (await passwordGrant(t.app, 'consent@example.com')).json<{ access_token: string }>();
        const consents = (await t.app.inject({ method: 'GET', url: '/v1/me/consents', headers: bearer(native.access_token) }))
          .json<{ client_id: string; client_name: string; scopes: string[] }[]>();
        assert.deepEqual(consents.map((c) => [c.client_id, c.client_name, c.scopes.sort()]), [[client.clientId, 'Grafana', ['email', 'openid']]]);

        const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/me/consents/${client.clientId}`, headers: bearer(native.access_token) });
        assert.equal(revoked.statusCode, 204);
        await assert.rejects(oidc.fetchUserInfo(config, again.tokens.access_token, oidc.skipSubjectCheck));
        const asked = await authorize(page, url, null);
        assert.match(asked.pathname, /\/interaction\//, 'asked again after the revocation');
      } finally {
        await context.close();
      }
    });

    for (const alg of ['ES256', 'EdDSA'] as const) {
      test(`a client that asks for ${alg} ID tokens gets them, verifiable with the JWKS`, async () => {
        const { client, secret } = await t.domains.oidc.relyingParties.create(null, {
          name: `RP ${alg}`, redirectUris: [redirectUri], firstParty: true, idTokenAlg: alg,
        });
        const config = await oidc.discovery(new URL(origin), client.clientId, undefined, oidc.ClientSecretBasic(secret!), insecure);
        const email = `${alg.toLowerCase()}@example.com`;
        await user(email);
        const context = await browser.newContext();
        try {
          const { tokens } = await codeFlow(config, email, await context.newPage(), 'openid');
          const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${origin}/.well-known/jwks.json`)), {
            issuer: origin, audience: client.clientId, algorithms: [alg],
          });
          assert.equal(verified.protectedHeader.alg, alg);
        } finally {
          await context.close();
        }
      });
    }

    test('an admin deleting the account ends its OIDC tokens', async () => {
      const { config } = await confidentialClient();
      const dave = await user('dave@example.com');
      const context = await browser.newContext();
      try {
        const { tokens } = await codeFlow(config, 'dave@example.com', await context.newPage());
        const admin = await signedInAs(t, 'ADMIN', 'oidc-admin@example.com');
        const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/users/${dave.id}`, headers: bearer(admin.access_token) });
        assert.ok(deleted.statusCode < 300, deleted.body);
        await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
        assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);
      } finally {
        await context.close();
      }
    });
  });
}
