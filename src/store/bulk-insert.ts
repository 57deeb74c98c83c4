// Many rows into one table at once (the import), without a query tree per value:
// Kysely builds and compiles a node for each of a 1,000-row batch's 22,000 values.
// On SQLite, a prepared multi-row statement kept per text, run on the connection
// itself; on PostgreSQL, one INSERT … SELECT FROM unnest(…) per batch: one array
// parameter per column, and the same statement text whatever the batch size.

import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

/** PostgreSQL's type of each column (SQLite needs none): the arrays are cast to them. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'timestamptz' | 'date' | 'boolean';

export interface BulkTarget {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * The better-sqlite3 connection under `db`. Its statements join the transaction
   * Kysely has open on it: one connection, and Kysely's mutex lets no other query in.
   */
  sqlite?: SQLite.Database;
}

/** Under SQLite's 32,766 parameters a statement. */
const SQLITE_PARAMETERS = 32_000;

// A few texts per table (a full chunk, the last one's length): the oldest goes past 32.
const prepared = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function statement(database: SQLite.Database, text: string): SQLite.Statement {
  let cache = prepared.get(database);
  if (!cache) prepared.set(database, (cache = new Map()));
  let found = cache.get(text);
  if (!found) {
    if (cache.size >= 32) cache.delete(cache.keys().next().value!);
    cache.set(text, (found = database.prepare(text)));
  }
  return found;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Inserts `rows` (values in the order of `columns`) into `table` inside `trx`;
 * returns the `returning` columns of the rows inserted (match them by a key of
 * theirs: PostgreSQL promises no order).
 */
export async function insertMany(
  trx: Transaction<Database>,
  target: BulkTarget,
  table: string,
  columns: Record<string, ColumnType>,
  rows: unknown[][],
  returning: string[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = Object.keys(columns);
  const back = returning.length ? ` returning ${returning.map(ident).join(', ')}` : '';
  if (target.dialect === 'sqlite' && target.sqlite) {
    // One statement per chunk, not per row: each statement that fires the FTS5
    // triggers makes FTS5 write out its pending terms (a row at a time: 3 to 6 times slower).
    const row = `(${names.map(() => '?').join(', ')})`;
    const per = Math.max(1, Math.floor(SQLITE_PARAMETERS / names.length));
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const insert = statement(target.sqlite, `insert into ${ident(table)} (${names.map(ident).join(', ')}) values ${chunk.map(() => row).join(', ')}${back}`);
      const values = chunk.flat();
      if (returning.length) out.push(...(insert.all(values) as Record<string, unknown>[]));
      else insert.run(values);
    }
    return out;
  }
  if (target.dialect === 'postgres') {
    const arrays = names.map((name, i) => sql`${rows.map((row) => row[i] ?? null)}::${sql.raw(columns[name]!)}[]`);
    const result = await sql<Record<string, unknown>>`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.id(n)))})
      select * from unnest(${sql.join(arrays)})${sql.raw(back)}`.execute(trx);
    return result.rows;
  }
  // SQLite without its connection at hand: Kysely's multi-row insert.
  const objects = rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  const query = (trx as Kysely<any>).insertInto(table).values(objects); // eslint-disable-line @typescript-eslint/no-explicit-any
  return returning.length ? query.returning(returning).execute() : (await query.execute(), []);
}

/** FTS5's own default for 'automerge'. */
const FTS5_AUTOMERGE = 4;

/**
 * SQLite's search index (the FTS5 table users_search, migration 2026-11-25T15-00)
 * merges its segments as rows come in: on a million-record import those merges
 * cost a tenth of the time. They are paused while the import writes and set back
 * after to what they were (FTS5's default when a killed import left them paused:
 * the next import mends it). FTS5 still merges a level that reaches 16 segments
 * (its crisis merge), so searches stay bounded meanwhile. Returns what sets them
 * back; nothing to do on PostgreSQL.
 */
export function pauseSearchMerges(target: BulkTarget): () => void {
  const sqlite = target.sqlite;
  if (target.dialect !== 'sqlite' || !sqlite) return () => {};
  const set = (level: number) =>
    // cast: FTS5 takes an integer only, and better-sqlite3 binds a JS number as a real.
    sqlite.prepare(`insert into users_search(users_search, rank) values ('automerge', cast(? as integer))`).run(level);
  const row = sqlite.prepare(`select v from users_search_config where k = 'automerge'`).get() as { v: number } | undefined;
  const before = row && Number(row.v) > 0 ? Number(row.v) : FTS5_AUTOMERGE;
  set(0);
  return () => set(before);
}
