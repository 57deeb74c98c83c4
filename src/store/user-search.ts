// The administration's user list, with its search `q` (a substring of email,
// username, first or last name) fast at a million users on both databases.
//
// Ordering by id and stopping at a page is instant when the term is common and
// scans the whole table when it is rare; driving the search from a trigram index
// is instant when the term is rare and reads every match when it is common. So:
// 1. scan the next WINDOW users in id order and keep the matches: a full page means
//    the term is common and the page is exact;
// 2. otherwise ask the trigram index for every match (few, or the page would be
//    full), then sort them by id: PostgreSQL's pg_trgm GIN indexes, SQLite's FTS5
//    trigram table `users_search` (terms under 3 characters have no trigram and
//    fall back to the plain scan). Both steps keep the exact LIKE condition, so the
//    result is the same whichever step answers.

import { SqliteAdapter, sql, type Kysely, type Selectable } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import type { UserListQuery } from '../core/ports.js';
import type { Database, UsersTable } from './schema.js';

const WINDOW = 5000;
const SEARCHED = ['email_normalized', 'username_normalized', 'first_name', 'last_name'];

function filtered(db: Kysely<Database>, query: UserListQuery) {
  let select = db.selectFrom('users').selectAll();
  if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
  if (query.role) select = select.where('role', '=', query.role);
  if (query.email) select = select.where('email_normalized', '=', normalizeEmail(query.email));
  if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
  return select;
}

function matches(q: string) {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // LIKE with an explicit escape character, the same in both databases.
  const likes = SEARCHED.map((column) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
  return sql<boolean>`(${sql.join(likes, sql` or `)})`;
}

export async function listUserRows(db: Kysely<Database>, query: UserListQuery): Promise<Selectable<UsersTable>[]> {
  const { q, limit } = query;
  if (!q) return filtered(db, query).orderBy('id').limit(limit).execute();
  if (query.email) return filtered(db, query).where(matches(q)).orderBy('id').limit(limit).execute();

  const window = filtered(db, query).orderBy('id').limit(WINDOW).as('w');
  const page = await db.selectFrom(window).selectAll().where(matches(q)).orderBy('id').limit(limit).execute();
  if (page.length === limit) return page;

  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    if ([...q].length < 3) return filtered(db, query).where(matches(q)).orderBy('id').limit(limit).execute();
    const phrase = `"${q.replace(/"/g, '""')}"`;
    return filtered(db, query)
      .where(sql<boolean>`id in (select rowid from users_search where users_search match ${phrase})`)
      .where(matches(q))
      .orderBy('id')
      .limit(limit)
      .execute();
  }
  // OFFSET 0 keeps PostgreSQL from planning the search as an id-ordered scan that
  // filters row by row: the inner query finds the matches through the GIN indexes.
  const found = filtered(db, query).where(matches(q)).offset(0).as('found');
  return db.selectFrom(found).selectAll().orderBy('id').limit(limit).execute();
}
