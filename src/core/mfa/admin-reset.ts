// An administrator removes every second factor of a user who lost them: TOTP,
// recovery codes, passkeys. Audited; the user is mailed.

import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { RequestContext, User } from '../model.js';
import { assertMayManageUsers } from '../roles.js';
import { noteMfaChange } from './notices.js';

export async function resetMfa(deps: CoreDeps, actor: User, targetId: number, context: RequestContext): Promise<void> {
  assertMayManageUsers(actor);
  const user = await deps.store.users.findById(targetId);
  if (!user) throw new CoreError('not_found', { resource: 'user' });
  await deps.store.transaction(async (repos) => {
    const totp = await repos.mfa.totp.remove(user.id);
    const recoveryCodes = await repos.mfa.recoveryCodes.removeAll(user.id);
    const passkeys = await repos.mfa.passkeys.removeAll(user.id);
    await noteMfaChange(deps, repos, {
      action: 'mfa.reset',
      user,
      actorUserId: actor.id,
      context,
      details: { totp, recovery_codes: recoveryCodes, passkeys },
    });
  });
  deps.mail.queued();
}
