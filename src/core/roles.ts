// Who may do what in the administration: admins everything, moderators read,
// users nothing. Checked here, in the core, so every API gets the same answer.

import { CoreError } from './errors.js';
import type { User } from './model.js';

/** Moderators and admins may read accounts. */
export function assertMayReadUsers(actor: User): void {
  if (actor.role !== 'ADMIN' && actor.role !== 'MODERATOR') throw new CoreError('forbidden');
}

/** Only admins may change accounts, see deleted ones and read the audit trail. */
export function assertMayManageUsers(actor: User): void {
  if (actor.role !== 'ADMIN') throw new CoreError('forbidden');
}

export const isAdmin = (user: User): boolean => user.role === 'ADMIN';
