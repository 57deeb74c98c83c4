// userapi's own, stricter reading of the account policy (seed 001): another
// account is read or deleted only by a strictly higher level, so a moderator
// reads users, an admin users and moderators, and nobody another of their level.
// It narrows the kernel's table (policy.ts); it cannot widen it.

import { outranks, type Narrowing } from '../../core/policy.js';

const strictlyLower: Narrowing[keyof Narrowing] = (actor, target) => target === undefined || outranks(actor, target);

export const USERAPI_NARROWING: Narrowing = {
  'read-other-user': strictlyLower,
  'delete-other': strictlyLower,
};
