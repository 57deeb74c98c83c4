// Which audit event becomes which webhook event, and what its `data` carries. This
// is the one place webhooks are derived from: the store writes a delivery for each
// subscribed endpoint when it records an audit event that maps to a webhook type,
// in the same transaction. Data names ids and the facts of the change, never a
// password, a token or a hash.

export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'user.restored',
  'user.role_changed',
  'user.email_verified',
  'user.password_changed',
  'user.locked',
  'session.created',
  'session.revoked',
  'mfa.enabled',
  'mfa.disabled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Audit action → webhook type. mfa.* are recorded by the MFA flows when they land. */
const FROM_AUDIT: Record<string, WebhookEventType> = {
  'user.signed_up': 'user.created',
  'user.created': 'user.created',
  'user.updated': 'user.updated',
  'user.email_changed': 'user.updated',
  'user.deleted': 'user.deleted',
  'user.restored': 'user.restored',
  'user.role_changed': 'user.role_changed',
  'user.email_verified': 'user.email_verified',
  'user.password_changed': 'user.password_changed',
  'user.password_reset': 'user.password_changed',
  'user.locked': 'user.locked',
  'user.signed_in': 'session.created',
  'session.revoked': 'session.revoked',
  'user.signed_out': 'session.revoked',
  'mfa.enabled': 'mfa.enabled',
  'mfa.disabled': 'mfa.disabled',
};

/** Detail keys that may go out in a payload (anything else stays in the audit trail). */
const SHAREABLE_DETAILS = ['fields', 'role', 'previous_role', 'session_id', 'method', 'reason'];

export interface AuditFacts {
  action: string;
  at: Date;
  actorUserId: number | null;
  targetUserId: number | null;
  api: string | null;
  details: Record<string, unknown>;
}

export interface WebhookEvent {
  type: WebhookEventType;
  /** Deliveries with one key are sent in order: the user the event is about. */
  orderingKey: string;
  /** The Standard Webhooks payload: {type, timestamp, data}. */
  payload: { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };
}

export function webhookEventFor(facts: AuditFacts): WebhookEvent | null {
  const type = FROM_AUDIT[facts.action];
  // An event about no account (a lock on an unknown address) tells a receiver nothing.
  if (!type || facts.targetUserId === null) return null;
  const data: Record<string, unknown> = {
    user_id: facts.targetUserId,
    actor_id: facts.actorUserId,
    api: facts.api,
  };
  for (const key of SHAREABLE_DETAILS) {
    if (facts.details[key] !== undefined) data[key] = facts.details[key];
  }
  return {
    type,
    orderingKey: `user:${facts.targetUserId}`,
    payload: { type, timestamp: facts.at.toISOString(), data },
  };
}
