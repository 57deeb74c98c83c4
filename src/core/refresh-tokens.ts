// Refresh tokens: opaque `id.secret`, stored as SHA-256, rotated at every use. The
// family is the session: a replayed token revokes the session, which kills every
// token rotated from it (refresh and access alike).

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext, Session } from './model.js';
import { issueOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-tokens.js';
import type { Sessions, ValidSession } from './sessions.js';

export class RefreshTokens {
  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: Sessions,
  ) {}

  async issue(session: Session): Promise<string> {
    const issued = issueOpaqueToken();
    await this.deps.store.refreshTokens.insert({
      id: issued.id,
      sessionId: session.id,
      secretHash: issued.secretHash,
      createdAt: this.deps.clock.now(),
      expiresAt: session.expiresAt,
      usedAt: null,
    });
    return issued.token;
  }

  /** Spends a refresh token and returns its session with the token that replaces it. */
  async rotate(token: string, context: RequestContext): Promise<ValidSession & { refreshToken: string }> {
    const { store, clock } = this.deps;
    const parsed = parseOpaqueToken(token);
    if (!parsed) throw new CoreError('invalid_grant');
    const record = await store.refreshTokens.findById(parsed.id);
    if (!record || !secretMatches(parsed.secret, record.secretHash)) throw new CoreError('invalid_grant');
    const now = clock.now();
    if (record.expiresAt <= now) throw new CoreError('invalid_grant');
    // The session is checked before the token is spent: of two concurrent uses, the
    // one that spends it must not then fail because the other (the replay) has
    // meanwhile revoked the family. The winner gets its answer; its tokens die with
    // the family all the same.
    let valid: ValidSession | null = null;
    if (!record.usedAt) {
      try {
        valid = await this.sessions.validate(record.sessionId);
      } catch {
        throw new CoreError('invalid_grant');
      }
    }
    if (!valid || !(await store.refreshTokens.markUsed(record.id, now))) {
      const session = await store.sessions.findById(record.sessionId);
      await store.sessions.revoke(record.sessionId, now);
      await recordAudit(store.audit, clock, 'refresh_token.replayed', {
        targetUserId: session?.userId ?? null,
        context,
        details: { session_id: record.sessionId },
      });
      throw new CoreError('invalid_grant');
    }
    return { ...valid, refreshToken: await this.issue(valid.session) };
  }
}
