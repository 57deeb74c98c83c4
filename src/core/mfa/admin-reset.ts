// Removing every second factor of a user who lost them: TOTP, recovery codes,
// passkeys. An admin does it through the API; the operator, with `sesame reset-mfa`,
// when no admin can sign in (the only admin lost their phone). Audited; the user
// is mailed.

import type { CoreDeps } from '../deps.js';
import { normalizeEmail } from '../email.js';
import { CoreError } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { assertCan } from '../policy.js';
import { noteMfaChange } from './notices.js';

export async function resetMfa(deps: CoreDeps, actor: User, targetId: number, context: RequestContext): Promise<void> {
  // Asked before the lookup too, so a plain user learns nothing about other ids.
  assertCan(actor, 'reset-mfa-of-other');
  const user = await deps.store.users.findById(targetId);
  if (!user) throw new CoreError('not_found', { resource: 'user' });
  assertCan(actor, 'reset-mfa-of-other', user);
  await removeFactors(deps, user, actor.id, context);
}

/** The operator at the command line (no signed-in actor). */
export async function resetMfaByOperator(deps: CoreDeps, email: string): Promise<User> {
  const user = await deps.store.users.findByEmail(normalizeEmail(email));
  if (!user) throw new CoreError('not_found', { resource: 'user' });
  await removeFactors(deps, user, null, { api: 'cli', ip: null, userAgent: null });
  return user;
}

async function removeFactors(deps: CoreDeps, user: User, actorUserId: number | null, context: RequestContext): Promise<void> {
  await deps.store.transaction(async (repos) => {
    const totp = await repos.mfa.totp.remove(user.id);
    const recoveryCodes = await repos.mfa.recoveryCodes.removeAll(user.id);
    const passkeys = await repos.mfa.passkeys.removeAll(user.id);
    await noteMfaChange(deps, repos, {
      action: 'mfa.reset',
      user,
      actorUserId,
      context,
      details: { totp, recovery_codes: recoveryCodes, passkeys },
    });
  });
}
