// The writes of every new account, whichever way it is made (a sign-up, an admin,
// an API's back office): the user with its whole profile, its password hash when
// it has one, and the audit event, all in the caller's transaction.

import { recordAudit } from './audit.js';
import type { RequestContext, User } from './model.js';
import type { Clock, NewUser, Repos } from './ports.js';

export interface NewAccountAudit {
  action: 'user.signed_up' | 'user.created';
  /** Who made it; null for a sign-up, where the new user is its own actor. */
  actorUserId: number | null;
  context: RequestContext | null;
  details: Record<string, unknown>;
}

export async function insertAccount(
  repos: Repos,
  clock: Clock,
  user: NewUser,
  passwordHash: string | null,
  audit: NewAccountAudit,
): Promise<User> {
  const now = clock.now();
  const created = await repos.users.insert(user, now);
  if (passwordHash !== null) await repos.credentials.setPasswordHash(created.id, passwordHash, now);
  await recordAudit(repos.audit, clock, audit.action, {
    actorUserId: audit.actorUserId ?? created.id,
    targetUserId: created.id,
    context: audit.context,
    details: audit.details,
  });
  return created;
}
