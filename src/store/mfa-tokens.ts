// mfa_tokens: the proof that the password step passed, waiting for the second
// step. Stored hashed; attempts are reserved before a code is checked, so
// parallel guesses cannot exceed the limit.

import { sql, type Kysely, type Selectable } from 'kysely';
import type { MfaTokenRecord, MfaTokenRepo } from '../core/mfa/ports.js';
import type { MfaTokensTable } from './mfa-schema.js';
import type { Database } from './schema.js';
import { flag, fromFlag, iso, isoOrNull, toDate, toDateOrNull } from './values.js';

function rowToMfaToken(row: Selectable<MfaTokensTable>): MfaTokenRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    userId: Number(row.user_id),
    api: row.api,
    remember: fromFlag(row.remember),
    attempts: Number(row.attempts),
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDateOrNull(row.used_at),
  };
}

export function createMfaTokenRepo(db: Kysely<Database>): MfaTokenRepo {
  return {
    async insert(record) {
      await db
        .insertInto('mfa_tokens')
        .values({
          id: record.id,
          secret_hash: record.secretHash,
          user_id: record.userId,
          api: record.api,
          remember: flag(record.remember),
          attempts: record.attempts,
          created_at: iso(record.createdAt),
          expires_at: iso(record.expiresAt),
          used_at: isoOrNull(record.usedAt),
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('mfa_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToMfaToken(row) : null;
    },
    async reserveAttempt(id, now, maxAttempts) {
      const result = await db
        .updateTable('mfa_tokens')
        .set({ attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('attempts', '<', maxAttempts)
        .where('expires_at', '>', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async deleteExpired(before) {
      await db.deleteFrom('mfa_tokens').where('expires_at', '<', iso(before)).execute();
    },
    async markUsed(id, at) {
      const result = await db
        .updateTable('mfa_tokens')
        .set({ used_at: iso(at) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
