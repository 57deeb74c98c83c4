// Indexes for the administration's user list at a million users. Frozen once landed.
// - The default page (live users by id) walks a partial index of live users only,
//   so deleted rows never slow it down.
// - Search (`q`, a substring of email, username or names): on PostgreSQL, trigram
//   GIN indexes (pg_trgm, a trusted extension shipped with PostgreSQL) on the very
//   expressions the query uses, `lower(column)`. SQLite has no trigram index for
//   LIKE: its search walks the id order and stops at a page, fast for common terms.
// - The audit trail of one account is read by target or by actor: both indexed.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

const SEARCHED = ['email_normalized', 'username_normalized', 'first_name', 'last_name'] as const;

export function userListIndexes(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createIndex('users_live_id')
        .on('users')
        .column('id')
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('audit_events_actor_user_id')
        .on('audit_events')
        .columns(['actor_user_id', 'id'])
        .execute();
      if (dialect !== 'postgres') return;
      await sql`create extension if not exists pg_trgm`.execute(db);
      for (const column of SEARCHED) {
        await sql`create index ${sql.id(`users_${column}_trgm`)} on users using gin (lower(${sql.ref(column)}) gin_trgm_ops)`.execute(db);
      }
    },

    async down(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') {
        for (const column of SEARCHED) await db.schema.dropIndex(`users_${column}_trgm`).execute();
      }
      await db.schema.dropIndex('audit_events_actor_user_id').execute();
      await db.schema.dropIndex('users_live_id').execute();
    },
  };
}
