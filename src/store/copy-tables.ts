// Copies every table of one database into another (SQLite ⇄ PostgreSQL): the
// tables come from the migrated schema (Kysely introspection), never a hand list,
// so tables added by later migrations come along. Parents before children (their
// foreign keys), multi-row inserts in batches, values converted between dialects,
// id sequences carried over (they may stand past the highest id: legacy ids).

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';

// The introspected tables are not in the typed schema; the copy works on any of them.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TableInfo {
  name: string;
  columns: string[];
}

/**
 * SQLite full-text tables (FTS5) and their shadow tables are derived from their
 * content table by triggers: the target rebuilds them as the rows arrive.
 */
async function derivedTables(db: Kysely<Database>, dialect: DialectName): Promise<(name: string) => boolean> {
  if (dialect !== 'sqlite') return () => false;
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(db);
  const virtual = rows.rows.map((r) => r.name);
  return (name) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
}

/** Every table of the migrated schema, parents first. */
export async function tablesToCopy(db: Kysely<Database>, dialect: DialectName): Promise<TableInfo[]> {
  const derived = await derivedTables(db, dialect);
  const tables = (await db.introspection.getTables())
    .filter((t) => !t.isView && !derived(t.name))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
  const parents = await foreignKeyParents(db, dialect);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (table: TableInfo, path: Set<string>) => {
    if (placed.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const parent of parents.get(table.name) ?? []) {
      const info = tables.find((t) => t.name === parent);
      if (info) place(info, path);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) place(table, new Set());
  return ordered;
}

async function foreignKeyParents(db: Kysely<Database>, dialect: DialectName): Promise<Map<string, string[]>> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ child: string; parent: string }>`
          select m.name as child, p."table" as parent
          from sqlite_master m join pragma_foreign_key_list(m.name) p
          where m.type = 'table'`.execute(db)
      : await sql<{ child: string; parent: string }>`
          select tc.table_name as child, ccu.table_name as parent
          from information_schema.table_constraints tc
          join information_schema.constraint_column_usage ccu
            on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
          where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  const parents = new Map<string, string[]>();
  for (const { child, parent } of rows.rows) if (child !== parent) parents.set(child, [...(parents.get(child) ?? []), parent]);
  return parents;
}

export async function countRows(db: AnyDb, table: string): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Pages of a table in a stable order: rowid on SQLite, every column on PostgreSQL (rows are distinct). */
export async function* readPages(db: AnyDb, dialect: DialectName, table: TableInfo, size: number): AsyncIterable<Record<string, unknown>[]> {
  if (dialect === 'sqlite') {
    let after = -Infinity;
    for (;;) {
      const rows = await sql<Record<string, unknown>>`select rowid as ${sql.id('__rowid')}, * from ${sql.table(table.name)}
        where rowid > ${after === -Infinity ? Number.MIN_SAFE_INTEGER : after} order by rowid limit ${size}`.execute(db);
      if (rows.rows.length === 0) return;
      after = Number(rows.rows[rows.rows.length - 1]!.__rowid);
      yield rows.rows.map(({ __rowid, ...rest }) => rest);
    }
  }
  const order = sql.join(table.columns.map((c) => sql.id(c)));
  for (let offset = 0; ; offset += size) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by ${order} limit ${size} offset ${offset}`.execute(db);
    if (rows.rows.length === 0) return;
    yield rows.rows;
  }
}

/** Values as the target driver takes them: SQLite binds no booleans or Dates. */
function convert(row: Record<string, unknown>, target: DialectName): Record<string, unknown> {
  if (target !== 'sqlite') return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  return out;
}

export async function insertRows(trx: Transaction<Database>, target: DialectName, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length) await (trx as AnyDb).insertInto(table).values(rows.map((r) => convert(r, target))).execute();
}

/** Rows per multi-row insert: under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const batchSize = (columns: number) => Math.max(1, Math.min(1000, Math.floor(30000 / Math.max(columns, 1))));

/** The next-id position of a table's `id` sequence, or null when it has none. */
export async function idSequence(db: AnyDb, dialect: DialectName, table: string): Promise<number | null> {
  if (dialect === 'sqlite') {
    const row = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);
    return row.rows[0] ? Number(row.rows[0].seq) : null;
  }
  const seq = await sql<{ name: string | null }>`select pg_get_serial_sequence(${table}, 'id') as name`.execute(db);
  const name = seq.rows[0]?.name;
  if (!name) return null;
  const row = await sql<{ last_value: number; is_called: boolean }>`select last_value, is_called from ${sql.raw(name)}`.execute(db);
  return row.rows[0]!.is_called ? Number(row.rows[0]!.last_value) : Number(row.rows[0]!.last_value) - 1;
}

export async function setIdSequence(trx: Transaction<Database>, dialect: DialectName, table: string, value: number): Promise<void> {
  if (value < 1) return;
  if (dialect === 'sqlite') {
    const moved = await sql`update sqlite_sequence set seq = max(seq, ${value}) where name = ${table}`.execute(trx);
    if (!moved.numAffectedRows) await sql`insert into sqlite_sequence (name, seq) values (${table}, ${value})`.execute(trx);
    return;
  }
  await sql`select setval(s, ${value}) from (select pg_get_serial_sequence(${table}, 'id') as s) q where s is not null`.execute(trx);
}
