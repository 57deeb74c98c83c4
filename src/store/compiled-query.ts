// Kysely parses a query builder and compiles its SQL on every call: for a joined
// select that is more work than SQLite's own lookup. The queries on every
// request's path (the session check) are compiled once here, with a placeholder
// for each argument, and each call binds its values to the same SQL.

import type SQLite from 'better-sqlite3';
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Compiled queries by dialect adapter and name (see `name` below). */
const shared = new Map<string, Compiled<unknown>>();

/** A value no caller passes, standing for argument `i` while the SQL is compiled. */
const placeholder = (i: number) => `\u0000compiled-query-argument-${i}`;

/**
 * `build` receives a placeholder for each of the `arity` arguments and returns the
 * query; the function returned runs it with real arguments and gives Kysely's
 * QueryResult. Values the builder adds itself (not arguments) stay as compiled.
 */
export function compileOnce<Args extends unknown[], Row>(
  db: Kysely<any>,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
  /**
   * A name for the query, to compile it once per dialect rather than once per
   * repository: repositories made for each transaction (the refresh grant's) then
   * pay no compile either.
   */
  name?: string,
): (...args: Args) => Promise<QueryResult<Row>> {
  const key = name === undefined ? undefined : `${db.getExecutor().adapter.constructor.name}|${name}`;
  let compiled = key ? (shared.get(key) as Compiled<Row> | undefined) : undefined;
  return async (...args) => {
    // Compiled at the first call: a repository made for one transaction and never
    // asked this query pays nothing.
    if (!compiled) {
      compiled = compileWithSlots(arity, build);
      if (key) shared.set(key, compiled as Compiled<unknown>);
    }
    return db.executeQuery<Row>({ ...compiled.query, parameters: compiled.bind(args) });
  };
}

/**
 * The same, run on SQLite's read-only connection (sqlite-reader.ts) with
 * better-sqlite3 directly: no executor, no connection mutex, no promise hop per
 * layer. Only for reads of committed data outside any transaction.
 */
export function readOnce<Args extends unknown[], Row>(
  reader: SQLite.Database,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
): (...args: Args) => Promise<QueryResult<Row>> {
  let statement: SQLite.Statement | undefined;
  let compiled: Compiled<Row> | undefined;
  return async (...args) => {
    if (!compiled) {
      compiled = compileWithSlots(arity, build);
      statement = reader.prepare(compiled.query.sql);
    }
    return { rows: statement!.all(compiled.bind(args)) as Row[] };
  };
}

interface Compiled<Row> {
  query: CompiledQuery<Row>;
  /** The query's parameters with the arguments put in their places. */
  bind(args: unknown[]): unknown[];
}

function compileWithSlots<Args extends unknown[], Row>(arity: number, build: (...args: Args) => Compilable<Row>): Compiled<Row> {
  const placeholders = Array.from({ length: arity }, (_, i) => placeholder(i));
  const query = build(...(placeholders as Args)).compile();
  const slots = query.parameters.map((value) => placeholders.indexOf(value as string));
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`compileOnce: argument ${i} is not a parameter of ${query.sql}`);
  }
  return { query, bind: (args) => query.parameters.map((value, i) => (slots[i] === -1 ? value : args[slots[i]!])) };
}
