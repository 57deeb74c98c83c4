// The current password asked before a change to the second factors. A wrong one
// counts toward the per-account sign-in throttle, like a wrong sign-in.

import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { User } from '../model.js';
import { SignInThrottle } from '../sign-in-throttle.js';

export async function checkCurrentPassword(deps: CoreDeps, user: User, password: string): Promise<void> {
  const throttle = new SignInThrottle(deps);
  await throttle.begin(user.email);
  const hash = await deps.store.credentials.getPasswordHash(user.id);
  if (!(await deps.hasher.verify(hash, password)) || !hash) throw new CoreError('invalid_credentials');
  await throttle.succeeded(user.email);
}
