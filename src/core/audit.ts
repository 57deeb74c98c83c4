// Audit events: sign-ins and their failures, password and role changes, deletion.
// They are also what webhooks (webhook-events.ts) and the metrics are derived from.

import type { RequestContext } from './model.js';
import type { AuditRepo, Clock } from './ports.js';

export type AuditAction =
  | 'user.signed_up'
  | 'user.created'
  | 'user.signed_in'
  | 'user.sign_in_failed'
  | 'user.sign_in_throttled'
  | 'user.locked'
  | 'user.password_upgraded'
  | 'user.signed_out'
  | 'user.updated'
  | 'user.password_changed'
  | 'user.password_reset'
  | 'user.role_changed'
  | 'user.email_changed'
  | 'user.email_verified'
  | 'user.deleted'
  | 'user.restored'
  | 'session.revoked'
  | 'refresh_token.replayed'
  | 'user.unlocked'
  | 'user.sessions_revoked'
  | 'user.invitation_resent'
  | 'user.verification_resent'
  | 'mail.retried'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.redelivered';

export interface AuditEntry {
  actorUserId?: number | null;
  targetUserId?: number | null;
  context?: RequestContext | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(
  repo: AuditRepo,
  clock: Clock,
  action: AuditAction,
  entry: AuditEntry,
): Promise<void> {
  await repo.record({
    at: clock.now(),
    action,
    actorUserId: entry.actorUserId ?? null,
    targetUserId: entry.targetUserId ?? null,
    api: entry.context?.api ?? null,
    ip: entry.context?.ip ?? null,
    userAgent: entry.context?.userAgent ?? null,
    details: entry.details ?? {},
  });
}
