// How many users the administration's filters match, for the list's "N users".
// Counting stops at `cap` + 1 rows (a subquery with LIMIT), so a count over a
// million accounts costs what a page of ten thousand does; the caller reports
// "at least cap" beyond it.

import { sql, type Kysely } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import type { UserListQuery } from '../core/ports.js';
import type { Database } from './schema.js';

export async function countUsers(
  db: Kysely<Database>,
  query: Omit<UserListQuery, 'limit' | 'afterId'>,
  cap: number,
): Promise<number> {
  let select = db.selectFrom('users').select('id');
  if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
  if (query.role) select = select.where('role', '=', query.role);
  if (query.email) select = select.where('email_normalized', '=', normalizeEmail(query.email));
  if (query.q) {
    // The same substring rule as the list (user-list.ts): LIKE with an explicit escape.
    const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    select = select.where((eb) =>
      eb.or([like('email_normalized'), like('username_normalized'), like('first_name'), like('last_name')]),
    );
  }
  const { count } = await db
    .selectFrom(select.limit(cap + 1).as('matching'))
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}
