// JWT access tokens signed with EdDSA keys that the service makes and keeps in the
// database. A key is replaced after SIGNING_KEY_ROTATION_DAYS; a retired key stays
// published (and accepted) until every token it signed has expired.

import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, decodeProtectedHeader, errors } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { Session, SigningKey, User } from './model.js';
import { randomId } from './opaque-tokens.js';

const ALG = 'EdDSA';
/** RFC 9068: an access token says so in its header, so no other JWT of ours passes for one. */
const TYP = 'at+jwt';
/** A user id as issue() writes it: no sign, no leading zero, no spaces, no fraction. */
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;
/** An unknown `kid` reloads the keys from the database at most this often. */
const RELOAD_INTERVAL_MS = 5_000;
/**
 * Tokens whose signature was already verified, with their claims, until their `exp`.
 * An Ed25519 verify costs more than the rest of a session check; a hit skips only
 * the signature (the token string is the very one verified), never the session
 * check, the expiry or the key's publication, so revocation still applies at once.
 */
const VERIFIED_CACHE_SIZE = 10_000;

interface VerifiedToken {
  kid: string;
  claims: AccessTokenClaims;
}

interface LoadedKey {
  record: SigningKey;
  publicKey: CryptoKey | Uint8Array;
  privateKey: CryptoKey | Uint8Array;
}

export interface AccessTokenClaims {
  userId: number;
  sessionId: string;
  expiresAt: Date;
}

export class AccessTokens {
  private keys = new Map<string, LoadedKey>();
  private lastLoad = 0;
  private loading: Promise<void> | null = null;
  private verified = new Map<string, VerifiedToken>();

  constructor(private readonly deps: CoreDeps) {}

  /** How long a retired key stays published: the longest token it may have signed. */
  private get graceMs() {
    return this.deps.settings.tokens.longestAccessTokenTtlSeconds * 1000;
  }

  private async load(): Promise<void> {
    this.loading ??= (async () => {
      const records = await this.deps.store.signingKeys.list();
      const next = new Map<string, LoadedKey>();
      // The ID-token keys (RS256, ES256) share the table; they never sign an access token.
      for (const record of records) {
        if (record.alg !== ALG) continue;
        next.set(record.kid, {
          record,
          publicKey: await importJWK(record.publicJwk as JWK, ALG),
          privateKey: await importJWK(record.privateJwk as JWK, ALG),
        });
      }
      this.keys = next;
      this.lastLoad = Date.now();
    })().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Makes sure a current signing key exists, rotating it when it is too old. */
  async ensureSigningKey(): Promise<SigningKey> {
    if (this.keys.size === 0) await this.load();
    const now = this.deps.clock.now();
    const maxAgeMs = this.deps.settings.tokens.signingKeyRotationDays * 86_400_000;
    const current = this.currentKey();
    if (current && now.getTime() - current.record.createdAt.getTime() < maxAgeMs) return current.record;

    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = randomId(9);
    const record: SigningKey = {
      kid,
      alg: ALG,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
      createdAt: now,
      retiredAt: null,
    };
    await this.deps.store.signingKeys.insert(record);
    if (current) await this.deps.store.signingKeys.retire(current.record.kid, now);
    await this.load();
    return record;
  }

  private currentKey(): LoadedKey | undefined {
    let newest: LoadedKey | undefined;
    for (const key of this.keys.values()) {
      if (key.record.retiredAt) continue;
      if (!newest || key.record.createdAt > newest.record.createdAt) newest = key;
    }
    return newest;
  }

  /** Keys still valid for verification: current ones and those retired less than a token lifetime ago. */
  private isPublished(key: SigningKey, now: Date): boolean {
    return key.retiredAt === null || now.getTime() < key.retiredAt.getTime() + this.graceMs;
  }

  /** `ttlSeconds` overrides the configured lifetime for an API whose document fixes it (coinduchef: 30 min). */
  async issue(
    user: User,
    session: Session,
    options: { ttlSeconds?: number } = {},
  ): Promise<{ token: string; expiresIn: number }> {
    const record = await this.ensureSigningKey();
    const key = this.keys.get(record.kid)!;
    const now = this.deps.clock.now();
    const { issuer, audience } = this.deps.settings.tokens;
    const accessTokenTtlSeconds = options.ttlSeconds ?? this.deps.settings.tokens.accessTokenTtlSeconds;
    if (accessTokenTtlSeconds > this.deps.settings.tokens.longestAccessTokenTtlSeconds) {
      throw new Error(`an access token of ${accessTokenTtlSeconds} s outlives its key's grace period: raise longestAccessTokenTtlSeconds`);
    }
    const token = await new SignJWT({ sid: session.id, role: user.role.toLowerCase() })
      .setProtectedHeader({ alg: ALG, kid: record.kid, typ: TYP })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(String(user.id))
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + accessTokenTtlSeconds)
      .setJti(randomId(9))
      .sign(key.privateKey);
    return { token, expiresIn: accessTokenTtlSeconds };
  }

  /** Verifies signature, issuer, audience and expiry; says nothing of the session. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const hit = this.verified.get(token);
    if (hit) return this.checkVerified(token, hit);
    const kid = this.kidOf(token);
    let key = this.keys.get(kid);
    if (!key && Date.now() - this.lastLoad > RELOAD_INTERVAL_MS) {
      await this.load(); // another process may have rotated
      key = this.keys.get(kid);
    }
    const now = this.deps.clock.now();
    if (!key || !this.isPublished(key.record, now)) throw new CoreError('token_invalid');
    try {
      const { issuer, audience } = this.deps.settings.tokens;
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [ALG],
        issuer,
        audience,
        typ: TYP,
        currentDate: now,
        requiredClaims: ['sub', 'exp', 'sid'],
      });
      const userId = CANONICAL_ID.test(payload.sub!) ? Number(payload.sub) : NaN;
      if (!Number.isSafeInteger(userId) || typeof payload.sid !== 'string') throw new CoreError('token_invalid');
      const claims = { userId, sessionId: payload.sid, expiresAt: new Date(payload.exp! * 1000) };
      this.remember(token, kid, claims);
      return claims;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new CoreError('token_expired');
      if (error instanceof CoreError) throw error;
      throw new CoreError('token_invalid');
    }
  }

  /** A cache hit still expires with the token and dies with its key. */
  private checkVerified(token: string, hit: VerifiedToken): AccessTokenClaims {
    const now = this.deps.clock.now();
    const key = this.keys.get(hit.kid);
    // jose's rule: expired once the current whole second reaches `exp`.
    if (Math.floor(now.getTime() / 1000) >= hit.claims.expiresAt.getTime() / 1000) {
      this.verified.delete(token);
      throw new CoreError('token_expired');
    }
    if (!key || !this.isPublished(key.record, now)) {
      this.verified.delete(token);
      throw new CoreError('token_invalid');
    }
    return hit.claims;
  }

  private remember(token: string, kid: string, claims: AccessTokenClaims): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { kid, claims });
  }

  private kidOf(token: string): string {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== ALG || typeof header.kid !== 'string') throw new CoreError('token_invalid');
      return header.kid;
    } catch {
      throw new CoreError('token_invalid');
    }
  }

  /**
   * The public keys to publish at /.well-known/jwks.json: read from the database on
   * each call, so that every process behind one address publishes every key, the
   * one another process made a moment ago included (two processes starting at once
   * each make one).
   */
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    await this.ensureSigningKey();
    await this.load();
    const now = this.deps.clock.now();
    return {
      keys: [...this.keys.values()].filter((k) => this.isPublished(k.record, now)).map((k) => k.record.publicJwk),
    };
  }
}
