// The count shown with the user list: exact up to USER_COUNT_CAP, beyond it an
// estimate marked `isEstimate` (the store extrapolates from bounded reads), so
// that a search over a million accounts never counts them all. The same read
// rule as the list: moderators and admins; deleted accounts for admins only.

import type { CoreDeps } from './deps.js';
import type { Role, User } from './model.js';
import type { UserPage } from './user-administration.js';
import { assertMayCountUsers } from './admin-tool-rules.js';
import { readableRoles } from './policy.js';

export const USER_COUNT_CAP = 10_000;

export interface UserCountRequest {
  role?: Role;
  q?: string;
  email?: string;
  includeDeleted?: boolean;
}

export interface UserCount {
  total: number;
  /** True when `total` is an estimate (more than USER_COUNT_CAP match, or likely so). */
  isEstimate: boolean;
}

/**
 * `firstPage`, when given, is the list's first page for the same filters (no
 * cursor): when nothing follows it, its length is the count and no second query
 * runs (the common case of a rare search term); when it is full, how far into the
 * ids it reached may show the count far past the cap (a common one).
 */
export async function countUsers(deps: CoreDeps, actor: User, request: UserCountRequest, firstPage?: UserPage): Promise<UserCount> {
  assertMayCountUsers(actor, request.includeDeleted ?? false);
  if (firstPage && firstPage.nextCursor === null) return { total: firstPage.items.length, isEstimate: false };
  const q = request.q?.trim();
  // The roles the actor may read, as the list shows them (user-administration.ts).
  const roles = readableRoles(actor).filter((role) => request.role === undefined || role === request.role);
  if (roles.length === 0) return { total: 0, isEstimate: false };
  const counted = await deps.store.users.count(
    { roles, q: q ? q : undefined, email: request.email, includeDeleted: request.includeDeleted ?? false },
    {
      cap: USER_COUNT_CAP,
      ...(firstPage?.items.length ? { seen: { matches: firstPage.items.length, throughId: firstPage.items.at(-1)!.id } } : {}),
    },
  );
  return { total: counted.total, isEstimate: !counted.exact };
}
