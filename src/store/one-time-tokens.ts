// OneTimeTokenRepo: mail-link tokens, stored hashed, used at most once.

import type { Kysely, Selectable } from 'kysely';
import type { OneTimeTokenPurpose, OneTimeTokenRecord, OneTimeTokenRepo } from '../core/ports.js';
import type { Database, OneTimeTokensTable } from './schema.js';
import { iso, isoOrNull, toDate, toDateOrNull } from './values.js';

function rowToOneTimeToken(row: Selectable<OneTimeTokensTable>): OneTimeTokenRecord {
  return {
    id: row.id,
    userId: Number(row.user_id),
    purpose: row.purpose as OneTimeTokenPurpose,
    secretHash: row.secret_hash,
    payload: row.payload,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDateOrNull(row.used_at),
  };
}

export function createOneTimeTokenRepo(db: Kysely<Database>): OneTimeTokenRepo {
  return {
    async insert(record) {
      await db
        .insertInto('one_time_tokens')
        .values({
          id: record.id,
          user_id: record.userId,
          purpose: record.purpose,
          secret_hash: record.secretHash,
          payload: record.payload,
          created_at: iso(record.createdAt),
          expires_at: iso(record.expiresAt),
          used_at: isoOrNull(record.usedAt),
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('one_time_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToOneTimeToken(row) : null;
    },
    async markUsed(id, at) {
      const result = await db
        .updateTable('one_time_tokens')
        .set({ used_at: iso(at) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async markAllUsedForUser(userId, purposes, at) {
      if (purposes.length === 0) return;
      await db
        .updateTable('one_time_tokens')
        .set({ used_at: iso(at) })
        .where('user_id', '=', userId)
        .where('purpose', 'in', purposes)
        .where('used_at', 'is', null)
        .execute();
    },
  };
}
