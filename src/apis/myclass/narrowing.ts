// myclass's own, stricter reading of the account policy (seed 000): "a user acts
// on their own account, an admin on anyone's", so a moderator reads no other
// account here. It narrows the kernel's table (policy.ts); it cannot widen it.

import { isAdmin, type Narrowing } from '../../core/policy.js';

const adminsOnly = (actor: Parameters<typeof isAdmin>[0]) => isAdmin(actor);

export const MYCLASS_NARROWING: Narrowing = {
  'read-other-user': adminsOnly,
  'list-users': adminsOnly,
};
