// Refresh tokens: opaque `id.secret`, stored as SHA-256, rotated at every use. The
// family is the session: a replayed token revokes the session, which kills every
// token rotated from it (refresh and access alike).

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext, Session, User } from './model.js';
import { issueOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-tokens.js';
import type { BudgetAnswer, RefreshTokenRepo } from './ports.js';
import { isLive } from './session-liveness.js';
import { needsTouch, type ValidSession } from './sessions.js';

export class RefreshTokens {
  constructor(private readonly deps: CoreDeps) {}

  async issue(session: Session): Promise<string> {
    return this.insert(this.deps.store.refreshTokens, session, this.deps.clock.now());
  }

  /**
   * Spends a refresh token and returns its session with the token that replaces it.
   * The token is read first, outside; then one transaction, one commit: the session
   * read, the token spent, its replacement, the session's last use and the per-IP
   * refresh count (RATE_LIMIT_REFRESH) commit together. The session is read on the
   * transaction's connection: on SQLite the read-only connection's page cache is
   * emptied by every commit, the writer's is not (a tenth of a refresh's time).
   */
  async rotate(token: string, context: RequestContext): Promise<ValidSession & { refreshToken: string }> {
    const { store, clock, settings } = this.deps;
    const now = clock.now();
    const parsed = parseOpaqueToken(token);
    const record = parsed ? await store.refreshTokens.findById(parsed.id) : null;
    const genuine = record !== null && secretMatches(parsed!.secret, record.secretHash) && record.expiresAt > now;
    const outcome = await store
      .transaction(async (repos): Promise<RotationOutcome> => {
        // The session is checked before the token is spent: of two concurrent uses, the
        // one that spends it must not then fail because the other (the replay) has
        // meanwhile revoked the family. The winner gets its answer; its tokens die with
        // the family all the same.
        const found = genuine && !record.usedAt ? await repos.sessions.findWithUser(record.sessionId) : null;
        // Counted last, so a row lock on the IP's count (PostgreSQL) is held for the commit only.
        const spendBudget = async (): Promise<BudgetAnswer> =>
          context.ip === null ? { allowed: true } : repos.rateBudgets.spend(`refresh|${context.ip}`, settings.refreshBudget);
        if (!genuine || (!record.usedAt && (!found || !isLive(found.session, now) || found.user.deletedAt))) {
          const answer = await spendBudget();
          return answer.allowed ? { kind: 'invalid' } : { kind: 'limited', retryAfterSeconds: answer.retryAfterSeconds };
        }
        if (!found || !(await repos.refreshTokens.markUsed(record.id, now))) {
          const session = found?.session ?? (await repos.sessions.findById(record.sessionId));
          await repos.sessions.revoke(record.sessionId, now);
          await recordAudit(repos.audit, clock, 'refresh_token.replayed', {
            targetUserId: session?.userId ?? null,
            context,
            details: { session_id: record.sessionId },
          });
          // The family is revoked whatever the budget says: committed, then refused.
          await spendBudget();
          return { kind: 'invalid' };
        }
        const answer = await spendBudget();
        // Over budget: nothing of this rotation may commit (the token stays unspent).
        if (!answer.allowed) throw new OverBudget(answer.retryAfterSeconds);
        let session: Session = found.session;
        if (needsTouch(session, now)) {
          await repos.sessions.touch(session.id, now);
          session = { ...session, lastSeenAt: now };
        }
        const refreshToken = await this.insert(repos.refreshTokens, session, now);
        return { kind: 'rotated', session, user: found.user, refreshToken };
      })
      .catch((error: unknown) => {
        if (error instanceof OverBudget) return { kind: 'limited', retryAfterSeconds: error.retryAfterSeconds } as const;
        throw error;
      });
    if (outcome.kind === 'limited') {
      throw new CoreError('too_many_attempts', { retryAfterSeconds: outcome.retryAfterSeconds, perIp: true });
    }
    if (outcome.kind === 'invalid') throw new CoreError('invalid_grant');
    return { session: outcome.session, user: outcome.user, refreshToken: outcome.refreshToken };
  }

  private async insert(refreshTokens: RefreshTokenRepo, session: Session, now: Date): Promise<string> {
    const issued = issueOpaqueToken();
    await refreshTokens.insert({
      id: issued.id,
      sessionId: session.id,
      secretHash: issued.secretHash,
      createdAt: now,
      expiresAt: session.expiresAt,
      usedAt: null,
    });
    return issued.token;
  }
}

type RotationOutcome =
  | { kind: 'rotated'; session: Session; user: User; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

/** Thrown inside the transaction to roll a rotation back when the IP's budget is spent. */
class OverBudget extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('refresh budget spent');
  }
}
