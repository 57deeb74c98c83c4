// Opens the database named by DATABASE_URL: SQLite (embedded default) or PostgreSQL.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { nameStatements } from './pg-named-statements.js';
import { withStatementCache } from './statement-cache.js';
import { countPostgresWrites, countSqliteWrites, LocalChanges } from './change-feed.js';

export type DialectName = 'sqlite' | 'postgres';

export interface PoolStats {
  /** Queries waiting for a free connection right now. */
  waiting: number;
  total: number;
  idle: number;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The driver's own handle, for rate-limiter-flexible's stores: the better-sqlite3 connection or the pg pool. */
  raw: { dialect: 'sqlite'; database: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };
  /** PostgreSQL's connection pool (SQLite has one connection and no pool). */
  poolStats?: () => PoolStats;
  /**
   * A file's second, read-only SQLite connection, opened on demand (after the
   * migrations). In WAL mode it reads beside the writer and sees committed data
   * only, so no open transaction of the writer can leak into what it reads.
   */
  openReader?: () => SQLite.Database;
  /** The held writes this process commits (change-feed.ts). */
  local: LocalChanges;
}

export function openDatabase(url: string, options: { poolSize?: number } = {}): OpenDatabase {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const database = openSqliteConnection(path);
    const local = new LocalChanges();
    const watched = countSqliteWrites(immediateTransactions(withStatementCache(database)), database, local);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: watched }) });
    const openReader = () => {
      const reader = new SQLite(path, { readonly: true, fileMustExist: true });
      reader.pragma('busy_timeout = 5000');
      return reader;
    };
    return { db, dialect: 'sqlite', raw: { dialect: 'sqlite', database }, local, ...(path === ':memory:' ? {} : { openReader }) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = openPostgresPool(url, options.poolSize ?? 10);
    const local = new LocalChanges();
    countPostgresWrites(pool, local);
    return {
      local,
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      raw: { dialect: 'postgres', pool },
      poolStats: () => ({ waiting: pool.waitingCount, total: pool.totalCount, idle: pool.idleCount }),
    };
  }
  throw new Error(`Unsupported DATABASE_URL: ${url.split(':')[0]}:…`);
}

/**
 * Every transaction of the store writes: BEGIN IMMEDIATE takes SQLite's write lock
 * at once, so one that reads before it writes (the refresh grant) waits for another
 * process's commit (busy_timeout) instead of failing with SQLITE_BUSY_SNAPSHOT.
 */
function immediateTransactions(connection: SqliteDatabase): SqliteDatabase {
  return {
    close: () => connection.close(),
    prepare: (text: string) => connection.prepare(text === 'begin' ? 'begin immediate' : text),
  };
}

function openSqliteConnection(path: string): SQLite.Database {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  if (!inMemory) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  return database;
}

// int8 (counts, bigint ids) as numbers and `date` as its YYYY-MM-DD text, for
// this pool only rather than pg's global type table.
const INT8 = 20;
const DATE = 1082;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

function openPostgresPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes as pg.CustomTypesConfig });
  // An idle connection ended by the server (a restart, an administrator, a dropped
  // database) is an 'error' on the pool, which would crash the process without a
  // listener. pg has already removed that client; the next query opens a new one
  // and reports for itself if the server is really gone.
  pool.on('error', () => {});
  // A connection lost in the middle of a query (the server stopped) rejects that
  // query, and the client also emits 'error', which no one listens to while it is
  // checked out: without this, a stopped database would crash the process instead
  // of answering 503 on /readyz.
  pool.on('connect', (client) => client.on('error', () => {}));
  nameStatements(pool);
  return pool;
}
