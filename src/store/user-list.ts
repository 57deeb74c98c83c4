// The user list of the administration: filters, and keyset pagination by id (no
// OFFSET), so a page costs the same at any depth and rows inserted meanwhile never
// shift what a client has yet to see.
//
// Search (`q`, a substring) needs care at a million users. PostgreSQL cannot tell
// how rare a substring is: it walks the id index and, when few rows match, reads
// them all (seconds). Its trigram indexes find rare matches fast but cost seconds
// for a term that matches everyone ("example.com"). So a search first reads a
// sample, the next SAMPLE_ROWS rows by id: a term dense there is looked for in the
// next PROBE_ROWS rows by id (the page fills there), the rest, if any, through the
// trigram index; a sparse term goes straight to the index (by its rare part, see
// rarePart), sorting on `id + 0`, which no index provides, so the planner must
// use the search index. Two round trips either way: on PostgreSQL each costs more
// than the work of a rare term's search. PostgreSQL's trigram index
// covers the four columns joined (migration 2026-11-30T02-00), SQLite's is the FTS5
// table `users_search` (2026-11-25T15-00); in both the per-column LIKE conditions
// still decide, so both steps and both databases agree.

import { SqliteAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import type { User } from '../core/model.js';
import type { UserListQuery } from '../core/ports.js';
import type { Database } from './schema.js';
import { rowToUser } from './users.js';

const PROBE_ROWS = 2000;
/** The expression of PostgreSQL's trigram index users_search_trgm (migration 2026-11-30T02-00). */
const SEARCH_DOCUMENT = sql`(lower(email_normalized) || ' ' || coalesce(lower(username_normalized), '') || ' ' ||
  coalesce(lower(first_name), '') || ' ' || coalesce(lower(last_name), ''))`;
/** Trigrams need three characters; shorter terms walk the ids everywhere. */
export const MIN_TRIGRAM_TERM = 3;

/** LIKE pattern for a substring, with an explicit escape character, the same in both databases. */
export function substringPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The condition that lets each database's search index find the rows holding a
 * term of MIN_TRIGRAM_TERM or more characters (a superset: the per-column LIKE
 * conditions still decide). Also used by the count (user-count.ts).
 */
export function searchIndexCondition(term: string, sqlite: boolean) {
  if (sqlite) {
    const phrase = `"${term.replace(/"/g, '""')}"`; // FTS5 syntax: one quoted phrase, a plain substring
    return sql<boolean>`id in (select rowid from users_search where users_search match ${phrase})`;
  }
  return sql<boolean>`${SEARCH_DOCUMENT} like ${substringPattern(term)} escape '\\'`;
}

/** How many rows rarePart reads, and the share of them that makes a trigram common. */
const SAMPLE_ROWS = 500;
const COMMON_SHARE = 0.2;

/**
 * The part of `term` for the search index to look up: its longest stretch whose
 * every trigram is in at most a fifth of a sample of rows (`documents`, the search
 * documents of the first rows the list would walk). A trigram on nearly every row ("use" of
 * "user1234@", "gma" of "gmail") makes PostgreSQL's GIN read a posting list as long
 * as the table, 7 ms at a million users, while the rare stretch alone finds the
 * same rows and a few more for the LIKE conditions to drop. The whole term when no
 * trigram is rare in the sample.
 */
export function rarePart(term: string, documents: readonly string[]): string {
  const chars = [...term.toLowerCase()]; // by code point: a cut never splits a character
  const most = Math.floor(documents.length * COMMON_SHARE);
  const rare: boolean[] = [];
  for (let i = 0; i + MIN_TRIGRAM_TERM <= chars.length; i++) {
    const trigram = chars.slice(i, i + MIN_TRIGRAM_TERM).join('');
    let seen = 0;
    for (const document of documents) if (document.includes(trigram) && ++seen > most) break;
    rare.push(seen <= most);
  }
  let best: [number, number] | null = null;
  for (let start = 0; start < rare.length; start++) {
    if (!rare[start]) continue;
    let end = start;
    while (end < rare.length && rare[end]) end++;
    if (!best || end - start > best[1] - best[0]) best = [start, end];
    start = end;
  }
  return best ? chars.slice(best[0], best[1] - 1 + MIN_TRIGRAM_TERM).join('') : term;
}

/** The first SAMPLE_ROWS of `rows` by id: their search documents, and the ids they span. */
async function sampleDocuments(rows: SelectQueryBuilder<Database, 'users', object>) {
  const sample = await rows.clearSelect().select(['id', SEARCH_DOCUMENT.as('document')]).orderBy('id').limit(SAMPLE_ROWS).execute();
  return {
    documents: sample.map((row) => String(row.document)),
    firstId: Number(sample[0]?.id ?? 0),
    lastId: Number(sample.at(-1)?.id ?? 0),
  };
}

/** searchIndexCondition for the rare part of `term`, sampled from the first of `rows` by id. */
export async function sampledIndexCondition(rows: SelectQueryBuilder<Database, 'users', object>, term: string, sqlite: boolean) {
  return searchIndexCondition(rarePart(term, (await sampleDocuments(rows)).documents), sqlite);
}

export async function listUsers(db: Kysely<Database>, query: UserListQuery): Promise<User[]> {
  const filtered = (afterId: number | undefined) => {
    let select = db.selectFrom('users').selectAll();
    if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
    if (query.role) select = select.where('role', '=', query.role);
    if (query.roles) select = select.where('role', 'in', query.roles);
    if (query.email) select = select.where('email_normalized', '=', normalizeEmail(query.email));
    if (afterId !== undefined) select = select.where('id', '>', afterId);
    return select;
  };
  if (!query.q) {
    return (await filtered(query.afterId).orderBy('id').limit(query.limit).execute()).map(rowToUser);
  }
  const pattern = substringPattern(query.q);
  const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
  const matching = filtered(query.afterId).where((eb) =>
    eb.or([like('email_normalized'), like('username_normalized'), like('first_name'), like('last_name')]),
  );
  const walk = async () => (await matching.orderBy('id').limit(query.limit).execute()).map(rowToUser);
  if ([...query.q].length < MIN_TRIGRAM_TERM) return walk();

  // The rows the list would walk first say how to search, in one read.
  const sample = await sampleDocuments(filtered(query.afterId));
  if (sample.documents.length < SAMPLE_ROWS) return walk(); // so few rows left that walking them all is cheap
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const indexed = searchIndexCondition(rarePart(query.q, sample.documents), sqlite);
  const term = query.q.toLowerCase();
  const expected = (sample.documents.filter((document) => document.includes(term)).length * PROBE_ROWS) / SAMPLE_ROWS;
  const byIndex = (rows: typeof matching, limit: number) => rows.where(indexed).orderBy(sql`id + 0`).limit(limit).execute();
  if (expected < query.limit) return (await byIndex(matching, query.limit)).map(rowToUser);

  // Dense: the page likely fills within the next PROBE_ROWS rows by id (their ids
  // taken as the sample's, stretched); the rest, if any, past them through the index.
  const windowEnd = sample.firstId + Math.ceil(((sample.lastId - sample.firstId + 1) * PROBE_ROWS) / SAMPLE_ROWS);
  const first = await matching.where('id', '<=', windowEnd).orderBy('id').limit(query.limit).execute();
  if (first.length === query.limit) return first.map(rowToUser);
  const rest = await byIndex(matching.where('id', '>', windowEnd), query.limit - first.length);
  return [...first, ...rest].map(rowToUser);
}
