// oidc-provider configured for Sésame: issuer PUBLIC_URL, storage in the database,
// accounts from the kernel, login and consent at /oidc/interaction/:uid (through
// the console's hosted sign-in), code flow only (PKCE S256 required for public
// clients), refresh tokens rotated on every use (a reused one ends the grant),
// client credentials, introspection, revocation, RP-initiated logout.
//
// The keystore is the database's: a holder rebuilds the provider when the current
// signing keys change (another process rotated them), checking at most every few
// seconds, so every process signs with the keys /.well-known/jwks.json publishes.

import { timingSafeEqual } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import { LOCALES } from '../../core/model.js';
import { sha256 } from '../../core/opaque-tokens.js';
import type { GrantLinks } from './provider-storage.js';
import { providerStorage } from './provider-storage.js';
import { loadProviderClass } from './provider-module.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.js';
import type { OidcDb } from './tables.js';

export const OIDC_PREFIX = '/oidc';
const KEY_CHECK_INTERVAL_MS = 5_000;

export interface ProviderDeps {
  config: Readonly<Config>;
  core: Core;
  db: OidcDb;
  links: GrantLinks;
  cookieKeys: string[];
}

function buildProvider(ProviderClass: typeof Provider, deps: ProviderDeps, keys: Record<string, unknown>[]): Provider {
  const { config, core, db, links } = deps;
  const clock = core.deps.clock;
  const provider = new ProviderClass(config.publicUrl, {
    adapter: providerStorage(db, clock, links),
    jwks: { keys },
    cookies: { keys: deps.cookieKeys },
    findAccount: async (_ctx: unknown, id: string) => {
      const userId = /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : NaN;
      const user = Number.isSafeInteger(userId) ? await core.deps.store.users.findById(userId) : null;
      if (!user || user.deletedAt) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: user.email,
          email_verified: user.emailVerifiedAt !== null,
          name: [user.firstName, user.lastName].filter(Boolean).join(' ') || undefined,
          given_name: user.firstName ?? undefined,
          family_name: user.lastName ?? undefined,
          locale: user.locale,
        }),
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'locale'],
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    responseTypes: ['code'],
    // The ID token carries the claims of the granted scopes (relying parties read them there).
    conformIdTokenClaims: false,
    pkce: { required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: () => true,
    // Tokens live with the sign-in: RP-initiated logout ends the grant (and its Sésame session), offline_access or not.
    expiresWithSession: () => true,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256', 'EdDSA'] },
    renderError,
    // The consent page honours ui_locales in these languages.
    discovery: { claim_types_supported: ['normal'], ui_locales_supported: [...LOCALES] },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    ttl: {
      AccessToken: config.tokens.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      ClientCredentials: config.tokens.accessTokenTtlSeconds,
      IdToken: 3600,
      Interaction: 600,
      Grant: config.sessions.absoluteLifetimeSeconds,
      Session: config.sessions.absoluteLifetimeSeconds,
      RefreshToken: config.sessions.absoluteLifetimeSeconds,
    },
  });

  // Behind a trusted proxy, X-Forwarded-Proto/Host name the endpoints and mark cookies Secure.
  provider.proxy = config.trustProxy !== false;

  // Secrets are stored as SHA-256 hashes: the presented one is hashed, then compared in constant time.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    const expected = Buffer.from(this.clientSecret ?? '');
    const given = Buffer.from(sha256(actual));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  // Discovery names the service's one key set; an unknown path under /oidc is an OAuth-shaped 404.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && !ctx.body) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: 'no such endpoint' };
    }
    if (ctx.oidc?.route === 'discovery' && ctx.body && typeof ctx.body === 'object') {
      ctx.body.jwks_uri = `${config.publicUrl}/.well-known/jwks.json`;
    }
  });
  return provider;
}

/** The provider built over the current keys; rebuilt when they change. */
export class ProviderHolder {
  private provider: Provider | null = null;
  private kids = '';
  private checkedAt = 0;
  private building: Promise<Provider> | null = null;

  constructor(private readonly deps: ProviderDeps) {}

  private now(): number {
    return this.deps.core.deps.clock.now().getTime();
  }

  async current(): Promise<Provider> {
    if (this.provider && this.now() - this.checkedAt < KEY_CHECK_INTERVAL_MS) return this.provider;
    this.building ??= this.refresh().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async refresh(): Promise<Provider> {
    await this.deps.core.accessTokens.ensureSigningKey();
    const keys = await this.deps.core.idTokenKeys.signingJwks();
    const kids = keys.map((key) => String(key.kid)).join(',');
    if (!this.provider || kids !== this.kids) {
      this.provider = buildProvider(await loadProviderClass(), this.deps, keys);
      this.kids = kids;
    }
    this.checkedAt = this.now();
    return this.provider;
  }
}
