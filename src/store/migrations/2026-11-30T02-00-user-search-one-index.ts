// PostgreSQL's search index, one instead of four: a trigram GIN index over the
// four searched columns joined by spaces (email, username, first and last name,
// lowercased). A search term then costs one index scan, not one per column: at a
// million users whose emails all share trigrams ('use', 'ser'…), each scan of a
// per-column index costs ~5 ms. The query keeps its per-column LIKE conditions, so
// a match across two columns of the joined text is never an answer. SQLite's FTS5
// table already indexes the four columns at once. Frozen once landed.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

const SEARCHED = ['email_normalized', 'username_normalized', 'first_name', 'last_name'] as const;

export function userSearchOneIndex(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create index users_search_trgm on users using gin ((
        lower(email_normalized) || ' ' || coalesce(lower(username_normalized), '') || ' ' ||
        coalesce(lower(first_name), '') || ' ' || coalesce(lower(last_name), '')
      ) gin_trgm_ops)`.execute(db);
      for (const column of SEARCHED) await db.schema.dropIndex(`users_${column}_trgm`).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const column of SEARCHED) {
        await sql`create index ${sql.id(`users_${column}_trgm`)} on users using gin (lower(${sql.ref(column)}) gin_trgm_ops)`.execute(db);
      }
      await db.schema.dropIndex('users_search_trgm').execute();
    },
  };
}
