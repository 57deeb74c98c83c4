// The one place a stored hash is replaced after a successful sign-in: old argon2id
// parameters, or a hash imported from a legacy system (bcrypt, Werkzeug, Django,
// wrapped SHA-256…), audited with the format it came from (a bounded name, never the hash).

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { storedHashFormat } from './legacy-hashes/formats.js';
import type { RequestContext } from './model.js';

/** Re-hashes `password` with the current argon2id parameters when `stored` needs it. */
export async function upgradePasswordHash(
  deps: CoreDeps,
  userId: number,
  stored: string,
  password: string,
  context: RequestContext,
): Promise<void> {
  const { hasher, store, clock } = deps;
  if (!hasher.needsRehash(stored)) return;
  await store.credentials.setPasswordHash(userId, await hasher.hash(password), clock.now());
  // Every upgrade is audited with the format it came from (argon2id: new parameters);
  // the audit feed counts them as sesame_password_upgrades_total{format}.
  const format = storedHashFormat(stored);
  await recordAudit(store.audit, clock, 'user.password_upgraded', {
    actorUserId: userId,
    targetUserId: userId,
    context,
    details: { format: format ?? 'unknown' },
  });
}
