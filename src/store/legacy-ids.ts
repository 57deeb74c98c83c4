// LegacyIdRepo: the id each legacy API shows for an imported account.

import type { Kysely } from 'kysely';
import type { LegacyIdRepo } from '../core/ports.js';
import type { Database } from './schema.js';

/**
 * `user_id` is a 4-byte integer on PostgreSQL (as in every table that points at a
 * user): a larger number names no account, and PostgreSQL would refuse to compare it.
 */
const MAX_USER_ID = 2_147_483_647;

export function createLegacyIdRepo(db: Kysely<Database>): LegacyIdRepo {
  return {
    async legacyIdOf(api, userId) {
      if (userId > MAX_USER_ID) return null;
      const row = await db
        .selectFrom('legacy_ids')
        .select('legacy_id')
        .where('api', '=', api)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? Number(row.legacy_id) : null;
    },
    async legacyIdsOf(api, userIds) {
      userIds = userIds.filter((id) => id <= MAX_USER_ID);
      if (userIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('legacy_ids')
        .select(['user_id', 'legacy_id'])
        .where('api', '=', api)
        .where('user_id', 'in', userIds)
        .execute();
      return new Map(rows.map((r) => [Number(r.user_id), Number(r.legacy_id)]));
    },
    async userIdOf(api, legacyId) {
      const row = await db
        .selectFrom('legacy_ids')
        .select('user_id')
        .where('api', '=', api)
        .where('legacy_id', '=', legacyId)
        .executeTakeFirst();
      return row ? Number(row.user_id) : null;
    },
  };
}
