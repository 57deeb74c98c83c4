// The current-password check of a signed-in user (password change, email change,
// account deletion, crdm settings): it counts toward the same per-account lockout
// as sign-in (sign-in-throttle.ts), so a session holder cannot guess freely, and
// it is refused while sign-in for that account is locked, right password or not.

import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { User } from './model.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** Throws too_many_attempts while locked, invalid_credentials when wrong. */
export async function verifyCurrentPassword(deps: CoreDeps, user: User, password: string): Promise<void> {
  const throttle = new SignInThrottle(deps);
  await throttle.begin(user.email);
  // A missing hash (an invited account) is verified against a dummy: same answer, same time.
  const hash = user.deletedAt ? null : await deps.store.credentials.getPasswordHash(user.id);
  const ok = await deps.hasher.verify(hash, password);
  if (!hash || !ok) throw new CoreError('invalid_credentials');
  await throttle.succeeded(user.email);
}
