// LockRepo. PostgreSQL: a transaction-scoped advisory lock, released at commit or
// rollback, so two "remove an admin" transactions run one after the other and the
// second counts what the first left (READ COMMITTED alone would let both count 2).
// SQLite: Kysely runs transactions one at a time on its single connection, so
// there is nothing to wait for.

import { sql, type Kysely } from 'kysely';
import type { LockRepo } from '../core/ports.js';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

/** An arbitrary constant naming "the set of admins" among advisory locks. */
const ADMIN_CHANGES_LOCK = 7_320_001;

export function createLockRepo(db: Kysely<Database>, dialect: DialectName): LockRepo {
  return {
    async serializeAdminChanges() {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${ADMIN_CHANGES_LOCK})`.execute(db);
    },
  };
}
