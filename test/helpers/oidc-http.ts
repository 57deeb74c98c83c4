// A browser's part in an OpenID Connect authorization, over plain HTTP against the
// listening service: a cookie jar, the console's sign-in form, and following the
// provider's redirects and the interaction pages' meta refresh until the relying
// party's redirect URI (never fetched) or a consent page.

import { after, before } from 'node:test';
import * as oidc from 'openid-client';
import { freePort } from './browser.js';
import type { Dialect, TestDatabase } from './databases.js';
import { startTestApp, type TestApp } from './test-app.js';
import { CookieJar } from './cookie-jar.js';
import { csrfOf } from './console-http.js';
import { PASSWORD } from './native-client.js';

export type Landing =
  | { kind: 'callback'; url: URL }
  | { kind: 'consent'; url: URL; html: string; lang: string | null; action: string; csrf: string };

const decodeHtml = (text: string) =>
  text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

export class OidcVisitor {
  readonly jar = new CookieJar();

  constructor(
    private readonly origin: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const cookie = this.jar.header(target.pathname);
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.jar.store(response.headers.getSetCookie());
    return response;
  }

  /** The console's sign-in form; returns the page it lands on (the TOTP step, when the user has one). */
  async signIn(email: string, password = PASSWORD): Promise<Response> {
    const page = await (await this.request('/account/sign-in')).text();
    return this.request('/account/sign-in', { form: { _csrf: csrfOf(page), email, password } });
  }

  /** The page's HTML, its form token first. */
  async page(path: string): Promise<{ status: number; html: string; csrf: string }> {
    const response = await this.request(path);
    const html = await response.text();
    return { status: response.status, html, csrf: csrfOf(html) };
  }

  /** Follows redirects and meta refreshes from `start` until the redirect URI or a consent page. */
  async follow(start: string | URL, redirectUri: string, first?: Response): Promise<Landing> {
    let url = new URL(start, this.origin);
    let response = first ?? (await this.request(url));
    for (let hop = 0; hop < 20; hop += 1) {
      let next: string | null = null;
      if (response.status >= 300 && response.status < 400) {
        next = response.headers.get('location');
        await response.arrayBuffer();
      } else {
        const html = await response.text();
        const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html);
        if (refresh) next = decodeHtml(refresh[1]!);
        else if (response.status === 200 && /action="[^"]*\/consent"/.test(html)) {
          return {
            kind: 'consent',
            url,
            html,
            lang: /<html lang="([^"]+)"/.exec(html)?.[1] ?? null,
            action: decodeHtml(/<form method="post" action="([^"]+\/consent)"/.exec(html)![1]!),
            csrf: csrfOf(html),
          };
        } else throw new Error(`stopped at ${url.href}: ${response.status} ${html.slice(0, 300)}`);
      }
      if (!next) throw new Error(`no way on from ${url.href}`);
      url = new URL(next, url);
      if (url.href.startsWith(redirectUri)) return { kind: 'callback', url };
      response = await this.request(url);
    }
    throw new Error('too many hops');
  }

  /** Answers a consent page and follows on to the redirect URI. */
  async decide(consent: Extract<Landing, { kind: 'consent' }>, decision: 'allow' | 'deny', redirectUri: string): Promise<Landing> {
    const response = await this.request(consent.action, { form: { _csrf: consent.csrf, decision } });
    return this.follow(consent.action, redirectUri, response);
  }
}

/** An authorization request with PKCE, state and nonce, as openid-client builds it. */
export async function authorizationRequest(config: oidc.Configuration, redirectUri: string, scope: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope, state, nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
  });
  return {
    url,
    /** The code of the callback exchanged for tokens, every check of openid-client made. */
    exchange: (callback: URL) => oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
  };
}

export interface ListeningProvider {
  t: TestApp;
  /** The provider's issuer (PUBLIC_URL). */
  origin: string;
  /** A relying party's callback on another origin than the provider, as in real life. */
  redirectUri: string;
}

/**
 * Sésame listening on a port of its own with PUBLIC_URL on it (the issuer the relying
 * party discovers), on a fresh database of `dialect`, for the enclosing describe():
 * filled in before the first test, closed after the last.
 */
export function useListeningProvider(dialect: Dialect): ListeningProvider {
  const handle = {} as ListeningProvider;
  let database: TestDatabase | undefined;
  before(async () => {
    database = await dialect.create();
    const port = await freePort();
    handle.origin = `http://127.0.0.1:${port}`;
    handle.redirectUri = `http://localhost:${port}/rp/callback`;
    handle.t = await startTestApp(database, { env: { PUBLIC_URL: handle.origin } });
    await handle.t.app.listen({ port, host: '127.0.0.1' });
  });
  after(async () => {
    await handle.t?.close();
    await database?.drop();
  });
  return handle;
}
