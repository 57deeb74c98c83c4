// RefreshTokenRepo. `markUsed` is one conditional UPDATE, so of two concurrent
// uses of one token exactly one wins, on SQLite and PostgreSQL alike.

import type { Kysely, Selectable } from 'kysely';
import type { RefreshTokenRecord } from '../core/model.js';
import type { RefreshTokenRepo } from '../core/ports.js';
import type { Database, RefreshTokensTable } from './schema.js';
import { compileOnce } from './compiled-query.js';
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
  // The three statements of every refresh grant: compiled once per dialect (the
  // grant's writes run on repositories made for its transaction).
  const insert = compileOnce(db, 6, (id: string, sessionId: string, secretHash: string, createdAt: string, expiresAt: string, usedAt: string | null) =>
    db.insertInto('refresh_tokens').values({
      id,
      session_id: sessionId,
      secret_hash: secretHash,
      created_at: createdAt,
      expires_at: expiresAt,
      used_at: usedAt,
    }),
    'refresh_tokens.insert',
  );
  const findById = compileOnce(db, 1, (id: string) => db.selectFrom('refresh_tokens').selectAll().where('id', '=', id), 'refresh_tokens.findById');
  const markUsed = compileOnce(db, 2, (id: string, at: string) =>
    db.updateTable('refresh_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null),
    'refresh_tokens.markUsed',
  );
  return {
    async insert(record) {
      await insert(record.id, record.sessionId, record.secretHash, iso(record.createdAt), iso(record.expiresAt), isoOrNull(record.usedAt));
    },
    async findById(id) {
      const [row] = (await findById(id)).rows;
      return row ? rowToRefreshToken(row) : null;
    },
    async markUsed(id, at) {
      return (await markUsed(id, iso(at))).numAffectedRows === 1n;
    },
  };
}
