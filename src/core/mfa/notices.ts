// Every change to a user's second factors is audited and mailed to the user in
// their language, in the transaction of the change: both happen or neither.

import { recordAudit } from '../audit.js';
import type { CoreDeps } from '../deps.js';
import type { MailKind } from '../mail.js';
import type { RequestContext, User } from '../model.js';
import { queueMail } from '../outgoing-mail.js';
import type { Repos } from '../ports.js';

export type MfaAuditAction =
  /** The password was right and a second step is due (the sign-in metrics count it). */
  | 'user.sign_in_mfa_required'
  | 'mfa.totp_enabled'
  | 'mfa.totp_disabled'
  | 'mfa.recovery_codes_renewed'
  | 'mfa.passkey_added'
  | 'mfa.passkey_renamed'
  | 'mfa.passkey_removed'
  | 'mfa.reset'
  | 'mfa.failed'
  | 'mfa.recovery_code_used'
  | 'mfa.legacy_sign_in_allowed'
  | 'mfa.legacy_sign_in_refused';

const MAIL_OF: Partial<Record<MfaAuditAction, MailKind>> = {
  'mfa.totp_enabled': 'mfa_enabled',
  'mfa.totp_disabled': 'mfa_disabled',
  'mfa.recovery_codes_renewed': 'recovery_codes_renewed',
  'mfa.passkey_added': 'passkey_added',
  'mfa.passkey_removed': 'passkey_removed',
  'mfa.reset': 'mfa_reset',
};

export interface MfaChange {
  action: MfaAuditAction;
  user: User;
  /** Null: the operator at the command line. */
  actorUserId: number | null;
  context: RequestContext | null;
  details?: Record<string, unknown>;
}

/** Audits the change and, for those the user must hear of, queues the notice (the worker wakes after commit). */
export async function noteMfaChange(deps: CoreDeps, repos: Repos, change: MfaChange): Promise<void> {
  await recordAudit(repos.audit, deps.clock, change.action, {
    actorUserId: change.actorUserId,
    targetUserId: change.user.id,
    context: change.context,
    details: change.details ?? {},
  });
  const kind = MAIL_OF[change.action];
  if (!kind) return;
  await queueMail(deps, repos, {
    kind,
    to: change.user.email,
    userId: change.user.id,
    locale: change.user.locale,
    params: { name: change.user.firstName },
  });
}
