// Soft deletion, whoever asks (the user themselves, an administrator): the row
// stays (restorable), every session ends, sign-in is refused; the last active
// administrator cannot go.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { RequestContext } from './model.js';
import { assertNotLastAdmin } from './policy.js';

export async function softDeleteUser(
  deps: CoreDeps,
  userId: number,
  actorUserId: number | null,
  context: RequestContext | null,
): Promise<void> {
  const { store, clock } = deps;
  await store.transaction(async (repos) => {
    const user = await repos.users.findById(userId);
    if (!user || user.deletedAt) throw new CoreError('not_found', { resource: 'user' });
    if (user.role === 'ADMIN') await assertNotLastAdmin(repos);
    const now = clock.now();
    await repos.users.setDeleted(userId, now, now);
    await repos.sessions.revokeAllForUser(userId, now);
    await recordAudit(repos.audit, clock, 'user.deleted', { actorUserId, targetUserId: userId, context });
  });
}
