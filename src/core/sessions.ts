// Sessions: one per sign-in, whatever API. Idle timeout (sliding), absolute
// lifetime, revocation, and a deleted user ends them all. Every authenticated
// request of every API comes through validate(), so a logout or a password change
// takes effect at once everywhere.

import { CoreError } from './errors.js';
import type { RequestContext, Session, User } from './model.js';
import type { CoreDeps } from './deps.js';
import { issueOpaqueToken, parseOpaqueToken, randomId, secretMatches } from './opaque-tokens.js';
import { recordAudit } from './audit.js';
import { isLive } from './session-liveness.js';
import { VersionedCache } from './versioned-cache.js';

/** Last-seen writes are throttled to one a minute per session. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * Sessions held in memory between checks (versioned-cache.ts): any committed
 * change to sessions or users drops them, the bound on time and count only limits
 * what an idle entry costs.
 */
const HELD_SESSIONS = { ttlMs: 30_000, maxEntries: 10_000 };

type FoundSession = { session: Session & { secretHash: string | null }; user: User };

export interface StartSessionOptions {
  remember?: boolean;
  /** Overrides of the configured defaults, e.g. myclass' 30-minute sliding window. */
  idleTimeoutSeconds?: number;
  absoluteLifetimeSeconds?: number;
  /** Issue an opaque `id.secret` token for the session itself (cookies, legacy tokens). */
  withToken?: boolean;
  /** The OpenID Connect client a session of api "oidc" was opened for (its name). */
  client?: string;
}

export interface StartedSession {
  session: Session;
  /** Present when `withToken` was asked for; never stored. */
  token?: string;
}

export interface ValidSession {
  session: Session;
  user: User;
}

/** Whether a use at `now` should move last_seen_at (at most once a minute). */
export function needsTouch(session: Session, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}

export class Sessions {
  private readonly held: VersionedCache<string, FoundSession>;

  constructor(private readonly deps: CoreDeps) {
    this.held = new VersionedCache(deps.store.changes, deps.clock, HELD_SESSIONS);
  }

  /** The session and its user as the database has them now (or as held, when nothing changed since). */
  private find(id: string): Promise<FoundSession | null> {
    return this.held.get(id, () => this.deps.store.sessions.findWithUser(id));
  }

  async start(user: User, context: RequestContext, options: StartSessionOptions = {}): Promise<StartedSession> {
    const { store, clock, settings } = this.deps;
    const now = clock.now();
    const issued = options.withToken ? issueOpaqueToken() : null;
    const lifetime = options.absoluteLifetimeSeconds ?? settings.sessions.absoluteLifetimeSeconds;
    const session = await store.sessions.insert({
      id: issued?.id ?? randomId(12),
      userId: user.id,
      api: context.api,
      secretHash: issued?.secretHash ?? null,
      createdAt: now,
      idleTimeoutSeconds: options.idleTimeoutSeconds ?? settings.sessions.idleTimeoutSeconds,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
      remember: options.remember ?? false,
      userAgent: context.userAgent,
      ip: context.ip,
      client: options.client ?? null,
    });
    return issued ? { session, token: issued.token } : { session };
  }

  /** Checks a session by id (the `sid` of an access token) and slides its idle window. */
  async validate(sessionId: string): Promise<ValidSession> {
    const found = await this.find(sessionId);
    if (!found) throw new CoreError('session_expired');
    return this.check(found.session, found.user, this.deps.clock.now());
  }

  /**
   * Checks an opaque `id.secret` session token (cookies, legacy tokens) of the API
   * `api`: a token is bound to the API that issued it, so a myclass login token
   * (which travels in query strings) is no crdm session cookie, nor the reverse.
   * Another API's token is refused like an unknown one, and its session is not touched.
   */
  async validateToken(token: string, api: string): Promise<ValidSession> {
    const parsed = parseOpaqueToken(token);
    if (!parsed) throw new CoreError('token_invalid');
    const found = await this.find(parsed.id);
    const secretHash = found?.session.secretHash ?? null;
    if (!found || secretHash === null || !secretMatches(parsed.secret, secretHash) || found.session.api !== api) {
      throw new CoreError('token_invalid');
    }
    return this.check(found.session, found.user, this.deps.clock.now());
  }

  private async check(session: Session, user: User, now: Date): Promise<ValidSession> {
    if (!isLive(session, now) || user.deletedAt) throw new CoreError('session_expired');
    if (needsTouch(session, now)) {
      await this.deps.store.sessions.touch(session.id, now);
      return { session: { ...session, lastSeenAt: now }, user };
    }
    return { session, user };
  }

  async revoke(sessionId: string, context: RequestContext | null, actorUserId: number | null): Promise<void> {
    const { store, clock } = this.deps;
    const session = await store.sessions.findById(sessionId);
    if (!session) return;
    await store.sessions.revoke(sessionId, clock.now());
    await recordAudit(store.audit, clock, 'session.revoked', {
      actorUserId,
      targetUserId: session.userId,
      context,
      details: { session_id: sessionId },
    });
  }

  /** Ends every session of a user, except `exceptSessionId` when given. */
  async revokeAll(userId: number, exceptSessionId?: string): Promise<number> {
    return this.deps.store.sessions.revokeAllForUser(userId, this.deps.clock.now(), exceptSessionId);
  }

  async list(userId: number): Promise<Session[]> {
    return this.deps.store.sessions.listActiveForUser(userId, this.deps.clock.now());
  }

  /** A user ends one of their own sessions; any other id, or one already over, is not_found. */
  async revokeOwn(userId: number, sessionId: string, context: RequestContext): Promise<void> {
    const { store, clock } = this.deps;
    const session = await store.sessions.findById(sessionId);
    if (!session || session.userId !== userId || !isLive(session, clock.now())) throw new CoreError('not_found', { resource: 'session' });
    await this.revoke(sessionId, context, userId);
  }
}
