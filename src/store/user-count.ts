// How many users the administration's filters match, for the list's "N users",
// with bounded work so that it never costs more than the page it goes with, at a
// million accounts as at ten:
// - without `q`: count at most `cap` + 1 rows (a LIMITed subquery on the same
//   indexes as the list); past the cap, extrapolate from how far in the ids the
//   cap was reached.
// - first, a search's full first page (50 matches or more), when given, may already
//   show the count far past the cap: then its density is the estimate, nothing more
//   is read.
// - with `q`: look at the first `probe` rows of the other filters, by id, as the
//   list does (user-list.ts). All rows seen: exact. Matches so dense there that the
//   rest would pass the cap: extrapolate. A rare term (three characters or more)
//   is counted through the search index (by its rare part, user-list.ts), where
//   rare terms are cheap, up to the cap. A rare short term has no index: extrapolated.

import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import type { UserCountResult, UserListQuery } from '../core/ports.js';
import type { Database } from './schema.js';
import { MIN_TRIGRAM_TERM, sampledIndexCondition, substringPattern } from './user-list.js';

export const COUNT_PROBE_ROWS = 2000;
/** Matches a first page must hold before its density stands for the whole table. */
const MIN_PAGE_FOR_ESTIMATE = 50;

type CountQuery = Omit<UserListQuery, 'limit' | 'afterId'>;

export async function countUsers(
  db: Kysely<Database>,
  query: CountQuery,
  options: { cap: number; probe?: number; seen?: { matches: number; throughId: number } },
): Promise<UserCountResult> {
  const { cap, probe = COUNT_PROBE_ROWS, seen: fromPage } = options;
  const filtered = () => {
    let select = db.selectFrom('users');
    if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
    if (query.role) select = select.where('role', '=', query.role);
    if (query.roles) select = select.where('role', 'in', query.roles);
    if (query.email) select = select.where('email_normalized', '=', normalizeEmail(query.email));
    return select;
  };
  const highestId = async () => {
    const row = await db.selectFrom('users').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  };
  /** Matches per id seen so far, over every id: the whole table's likely count. */
  const extrapolate = async (matches: number, throughId: number) => {
    const estimate = Math.round((matches * (await highestId())) / Math.max(1, throughId));
    return { total: Math.max(estimate, matches), exact: false };
  };

  // A search's full first page of 50 matches or more estimates as well as the
  // window below does (both assume matches spread over the ids): past twice the cap,
  // the count is over it and the estimate is the answer. Never without `q`, where
  // the bounded count below is exact up to the cap (the first accounts made are
  // often the admins: a page of them says nothing of the rest).
  if (fromPage && query.q && fromPage.matches >= MIN_PAGE_FOR_ESTIMATE) {
    const likely = await extrapolate(fromPage.matches, fromPage.throughId);
    if (likely.total > 2 * cap) return likely;
  }

  if (!query.q) {
    const { n, bound } = await db
      .selectFrom(filtered().select('id').orderBy('id').limit(cap + 1).as('w'))
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('w.id').as('bound')])
      .executeTakeFirstOrThrow();
    const count = Number(n);
    return count <= cap ? { total: count, exact: true } : extrapolate(count, Number(bound));
  }

  const pattern = substringPattern(query.q);
  const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
  const matches = sql<number>`case when ${sql.join(
    ['email_normalized', 'username_normalized', 'first_name', 'last_name'].map(like),
    sql` or `,
  )} then 1 else 0 end`;
  const window = await db
    .selectFrom(filtered().select(['id', matches.as('hit')]).orderBy('id').limit(probe).as('w'))
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string>('w.hit').as('hits'), eb.fn.max('w.id').as('bound')])
    .executeTakeFirstOrThrow();
  const seen = Number(window.n);
  const hits = Number(window.hits ?? 0);
  const bound = Number(window.bound ?? 0);
  if (seen < probe) return hits <= cap ? { total: hits, exact: true } : extrapolate(hits, bound);
  const likely = await extrapolate(hits, bound);
  if (likely.total > cap || [...query.q].length < MIN_TRIGRAM_TERM) return likely;

  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const rest = filtered()
    .select('id')
    .where('id', '>', bound)
    .where(await sampledIndexCondition(filtered(), query.q, sqlite))
    .where((eb) => eb.or(['email_normalized', 'username_normalized', 'first_name', 'last_name'].map(like)))
    .limit(cap + 1 - hits);
  const { n } = await db
    .selectFrom(rest.as('r'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const total = hits + Number(n);
  return total <= cap ? { total, exact: true } : extrapolate(total, await highestId());
}
