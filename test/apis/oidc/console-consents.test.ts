// The OpenID Connect consents on the console: /account lists the applications a
// user allowed and withdraws one (its tokens end, it asks again next time), behind
// the console session and its form token; the consent page speaks the language of
// ui_locales, else the user's. Real HTTP against the listening service, openid-client
// as the relying party. On SQLite and PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { dialects } from '../../helpers/databases.js';
import { bearer, passwordGrant, signUp } from '../../helpers/native-client.js';
import { OidcVisitor, authorizationRequest, type Landing, useListeningProvider } from '../../helpers/oidc-http.js';
import type { TestApp } from '../../helpers/test-app.js';

const consentsSection = (html: string) => /<section aria-labelledby="consents-heading">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

function asConsent(landing: Landing) {
  assert.equal(landing.kind, 'consent', `a consent page, not ${landing.kind === 'callback' ? landing.url.href : ''}`);
  return landing as Extract<Landing, { kind: 'consent' }>;
}

function asCallback(landing: Landing): URL {
  assert.equal(landing.kind, 'callback', 'back at the relying party');
  return (landing as Extract<Landing, { kind: 'callback' }>).url;
}

for (const dialect of dialects) {
  describe(`OpenID Connect consents on the console, on ${dialect.name}`, () => {
    let t: TestApp;
    let origin: string;
    let redirectUri: string;
    const provider = useListeningProvider(dialect);
    before(() => ({ t, origin, redirectUri } = provider));

    async function thirdPartyClient(name: string) {
      const { client, secret } = await t.domains.oidc.relyingParties.create(null, { name, redirectUris: [redirectUri], firstParty: false });
      const config = await oidc.discovery(new URL(origin), client.clientId, undefined, oidc.ClientSecretBasic(secret!), { execute: [oidc.allowInsecureRequests] });
      return { client, config };
    }

    async function signedInVisitor(email: string, options: { locale?: string; headers?: Record<string, string> } = {}) {
      const created = await signUp(t.app, email, undefined, options.locale ? { locale: options.locale } : {});
      assert.equal(created.statusCode, 201, created.body);
      const visitor = new OidcVisitor(origin, options.headers);
      const signedIn = await visitor.signIn(email);
      assert.equal(signedIn.status, 303);
      return visitor;
    }

    test('/account lists an application after its authorization; withdrawing it ends its tokens and the next authorization asks again', async () => {
      const { client, config } = await thirdPartyClient('Team Wiki');
      const visitor = await signedInVisitor('lists@example.com');
      assert.match(consentsSection((await visitor.page('/account')).html), /No application has access to your account/);

      // offline_access needs prompt=consent (OIDC Core 11): it brings the refresh token.
      const first = await authorizationRequest(config, redirectUri, 'openid email offline_access', { prompt: 'consent' });
      const consent = asConsent(await visitor.follow(first.url, redirectUri));
      const tokens = await first.exchange(asCallback(await visitor.decide(consent, 'allow', redirectUri)));

      const listed = consentsSection((await visitor.page('/account')).html);
      assert.match(listed, /<td data-label="Application">Team Wiki<\/td>/);
      assert.match(listed, /See your email address/);
      assert.match(listed, /Keep this access while you are away/);
      assert.match(listed, /Know who you are/);
      assert.match(listed, /<td data-label="Allowed on">[^<]*2\d{3}[^<]*UTC<\/td>/, 'when it was allowed');
      assert.match(listed, new RegExp(`action="/account/consents/${client.clientId}/revoke"`));

      // Remembered: the same scopes again go straight back to the application.
      const again = await authorizationRequest(config, redirectUri, 'openid email');
      asCallback(await visitor.follow(again.url, redirectUri));

      const { csrf } = await visitor.page('/account');
      const withdrawn = await visitor.request(`/account/consents/${client.clientId}/revoke`, { form: { _csrf: csrf } });
      assert.equal(withdrawn.status, 303);
      assert.equal(withdrawn.headers.get('location'), '/account?done=consent-revoked');
      const after = await visitor.page('/account?done=consent-revoked');
      assert.match(after.html, /The application’s access is withdrawn/);
      assert.doesNotMatch(consentsSection(after.html), /Team Wiki/);

      // As DELETE /v1/me/consents/{client_id}: the consent is gone and the grant's tokens with it.
      const native = (await passwordGrant(t.app, 'lists@example.com')).json<{ access_token: string }>();
      const consents = await t.app.inject({ method: 'GET', url: '/v1/me/consents', headers: bearer(native.access_token) });
      assert.deepEqual(consents.json(), []);
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (error: { error?: string }) => error.error === 'invalid_grant');
      assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false);

      const third = await authorizationRequest(config, redirectUri, 'openid email');
      asConsent(await visitor.follow(third.url, redirectUri));
    });

    test('withdrawing without the form token, or without a console session, changes nothing', async () => {
      const { client, config } = await thirdPartyClient('Forum');
      const visitor = await signedInVisitor('csrf@example.com');
      const request = await authorizationRequest(config, redirectUri, 'openid');
      asCallback(await visitor.decide(asConsent(await visitor.follow(request.url, redirectUri)), 'allow', redirectUri));

      const noToken = await visitor.request(`/account/consents/${client.clientId}/revoke`, { form: {} });
      assert.equal(noToken.status, 403);
      const wrongToken = await visitor.request(`/account/consents/${client.clientId}/revoke`, { form: { _csrf: 'x'.repeat(43) } });
      assert.equal(wrongToken.status, 403);

      const { csrf } = await visitor.page('/account');
      const stranger = new OidcVisitor(origin);
      const signedOut = await stranger.request(`/account/consents/${client.clientId}/revoke`, { form: { _csrf: csrf } });
      assert.equal(signedOut.status, 303);
      assert.match(signedOut.headers.get('location') ?? '', /^\/account\/sign-in/);

      assert.match(consentsSection((await visitor.page('/account')).html), /Forum/, 'still allowed');
      const unknown = await visitor.request('/account/consents/no-such-client/revoke', { form: { _csrf: csrf } });
      assert.equal(unknown.status, 404);
    });

    test('ui_locales=fr: the consent page in French for a user whose language is English', async () => {
      const { config } = await thirdPartyClient('Calendrier');
      const visitor = await signedInVisitor('ui-locales@example.com', { headers: { 'accept-language': 'en-US' } });
      const request = await authorizationRequest(config, redirectUri, 'openid email', { ui_locales: 'fr-CA en' });
      const consent = asConsent(await visitor.follow(request.url, redirectUri));
      assert.equal(consent.lang, 'fr');
      assert.match(consent.html, /<title>Autoriser Calendrier \?/);
      assert.match(consent.html, /Calendrier demande à utiliser votre compte ui-locales@example.com pour :/);
      assert.match(consent.html, /Voir votre adresse e-mail/);
      assert.match(consent.html, /value="allow">Autoriser<\/button>/);
      assert.match(consent.html, /value="deny">Refuser<\/button>/);
      assert.doesNotMatch(consent.html, /This application|Allow|Deny/);
    });

    test('without ui_locales the consent page speaks the user’s language (German), and ui_locales it does not speak is passed over', async () => {
      const { config } = await thirdPartyClient('Kalender');
      const visitor = await signedInVisitor('german@example.com', { locale: 'de', headers: { 'accept-language': 'de-DE,de;q=0.9' } });
      const plain = await authorizationRequest(config, redirectUri, 'openid profile');
      const consent = asConsent(await visitor.follow(plain.url, redirectUri));
      assert.equal(consent.lang, 'de');
      assert.match(consent.html, /value="allow">Erlauben<\/button>/);
      assert.match(consent.html, /Ihren Namen und Ihre Sprache sehen/);

      const unknown = await authorizationRequest(config, redirectUri, 'openid profile', { ui_locales: 'ja it' });
      assert.equal(asConsent(await visitor.follow(unknown.url, redirectUri)).lang, 'de');
      const spanish = await authorizationRequest(config, redirectUri, 'openid profile', { ui_locales: 'ja es-MX' });
      const es = asConsent(await visitor.follow(spanish.url, redirectUri));
      assert.equal(es.lang, 'es');
      assert.match(es.html, /value="allow">Autorizar<\/button>/);
    });

    test('discovery names the languages of ui_locales', async () => {
      const doc = (await (await fetch(`${origin}/.well-known/openid-configuration`)).json()) as { ui_locales_supported?: string[] };
      assert.deepEqual([...(doc.ui_locales_supported ?? [])].sort(), ['de', 'en', 'es', 'fr']);
    });
  });
}
