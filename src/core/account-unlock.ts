// An admin lifts the sign-in lock of an account that too many wrong passwords
// throttled (sign-in-throttle.ts): its failure count starts again from zero.
// Audited, since it re-opens an account to password guesses.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext, User } from './model.js';
import { assertMayUnlock } from './admin-tool-rules.js';
import { throttleKey } from './sign-in-throttle.js';

export async function unlockAccount(deps: CoreDeps, actor: User, userId: number, context: RequestContext): Promise<void> {
  assertMayUnlock(actor);
  const { store, clock } = deps;
  const user = await store.users.findById(userId);
  if (!user) throw new CoreError('not_found', { resource: 'user' });
  await store.signInThrottles.clear(throttleKey(user.email));
  await recordAudit(store.audit, clock, 'user.unlocked', { actorUserId: actor.id, targetUserId: user.id, context });
}
