// RefreshTokenRepo. `markUsed` is one conditional UPDATE, so of two concurrent
// uses of one token exactly one wins, on SQLite and PostgreSQL alike.

import type { Kysely, Selectable } from 'kysely';
import type { RefreshTokenRecord } from '../core/model.js';
import type { RefreshTokenRepo } from '../core/ports.js';
import type { Database, RefreshTokensTable } from './schema.js';
import { iso, isoOrNull, toDate, toDateOrNull } from './values.js';

function rowToRefreshToken(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    secretHash: row.secret_hash,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDateOrNull(row.used_at),
  };
}

export function createRefreshTokenRepo(db: Kysely<Database>): RefreshTokenRepo {
  return {
    async insert(record) {
      await db
        .insertInto('refresh_tokens')
        .values({
          id: record.id,
          session_id: record.sessionId,
          secret_hash: record.secretHash,
          created_at: iso(record.createdAt),
          expires_at: iso(record.expiresAt),
          used_at: isoOrNull(record.usedAt),
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToRefreshToken(row) : null;
    },
    async markUsed(id, at) {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ used_at: iso(at) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
