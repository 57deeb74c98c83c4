// Coin du Chef's own, stricter reading of the account policy (seed 003): the
// /utilisateurs administration is for ADMIN only, so a moderator reviews recipes
// but reads no other account here, and an UTILISATEUR does not delete their own
// account through it. It narrows the kernel's table (policy.ts); it cannot widen it.

import { isAdmin, type Narrowing } from '../../core/policy.js';

const adminsOnly = (actor: Parameters<typeof isAdmin>[0]) => isAdmin(actor);

export const COINDUCHEF_NARROWING: Narrowing = {
  'list-users': adminsOnly,
  'read-other-user': adminsOnly,
  'delete-self': adminsOnly,
};
