// The change feed the kernel's held sessions depend on (ChangeFeed in core/ports.ts,
// core/versioned-cache.ts). Its version is a count of the changes seen:
// - by this process, at once: every write whose SQL names a held table counts once
//   it has committed (after the statement outside a transaction, after the COMMIT
//   inside one), on SQLite's connection and on each of PostgreSQL's;
// - from other processes, within milliseconds: SQLite's `PRAGMA data_version` on
//   the read-only connection, which moves at every commit of any other connection
//   (read at most every POLL_MS); PostgreSQL's notifications from the triggers of
//   migration 2026-12-01T10-00, on a connection that does nothing but LISTEN.
//   While that connection is down, every call gives a new number: nothing is held
//   until it listens again.
// Judged from the SQL text, erring towards counting: a write whose text names a
// held table anywhere counts, whoever wrote it.

import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import pg from 'pg';
import type { ChangeFeed } from '../core/ports.js';

/** The tables whose rows a session check (and the id an API shows) holds. Migration 2026-12-01T10-00 names the same. */
export const HELD_TABLES = ['users', 'sessions', 'mfa_totp', 'passkeys', 'mfa_recovery_codes', 'legacy_ids'] as const;
export const CHANGES_CHANNEL = 'sesame_changes';
/** How stale another SQLite process's change may be seen: well within the 50 ms promised. */
const POLL_MS = 10;
const RELISTEN_MS = 1_000;
/** How often the LISTEN connection is asked to answer, and how long it has. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;

const HELD_TABLE = new RegExp(`\\b(${HELD_TABLES.join('|')})\\b`, 'i');
const READ = /^\s*(select|pragma|explain|show|listen|set)\b/i;
// Savepoints are inside a transaction and end none.
const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|end|abort|rollback(?!\s+to\b))\b/i;
const isHeldWrite = (text: string) => !READ.test(text) && HELD_TABLE.test(text);

/** The changes this process has committed to held tables, counted by the watchers below. */
export class LocalChanges {
  count = 0;
}

export interface ClosableFeed extends ChangeFeed {
  close(): Promise<void>;
}

/** A feed that cannot tell (a store made without one, as some tools and tests do): nothing is held. */
export function unheldFeed(): ClosableFeed {
  let version = 0;
  return { version: () => ++version, close: async () => {} };
}

/** One process on one connection (an in-memory SQLite): its own writes are all there is. */
export function localFeed(local: LocalChanges): ClosableFeed {
  return { version: () => local.count, close: async () => {} };
}

export function sqliteChangeFeed(local: LocalChanges, reader: SQLite.Database): ClosableFeed {
  const dataVersion = reader.prepare('pragma data_version').pluck();
  let seen = dataVersion.get();
  let polled = performance.now();
  return {
    version() {
      const now = performance.now();
      if (now - polled >= POLL_MS) {
        polled = now;
        const current = dataVersion.get();
        if (current !== seen) {
          seen = current;
          local.count++;
        }
      }
      return local.count;
    },
    close: async () => {},
  };
}

export async function openPostgresChangeFeed(
  local: LocalChanges,
  url: string,
  heartbeatMs = { every: HEARTBEAT_MS, within: HEARTBEAT_TIMEOUT_MS },
): Promise<ClosableFeed> {
  let listening = false;
  let closed = false;
  let listener: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const listenLater = () => {
    listening = false;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void listen();
    }, RELISTEN_MS);
    retry.unref();
  };
  const listen = async () => {
    const client = new pg.Client({ connectionString: url, keepAlive: true });
    listener = client;
    let heartbeat: NodeJS.Timeout | null = null;
    /** This connection is given up: nothing is held from now, and another one is made. */
    const drop = () => {
      if (heartbeat) clearInterval(heartbeat);
      if (listener !== client) return;
      listener = null;
      listenLater();
      client.end().catch(() => {});
    };
    client.on('notification', () => local.count++);
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
      await client.query(`listen ${CHANGES_CHANNEL}`);
      if (closed) return void (await client.end());
      local.count++; // whatever happened while no one listened
      listening = true;
      // A peer that vanished without closing (a partition, a host gone) sends nothing,
      // not even an error, for as long as the kernel's keep-alive takes (minutes): a
      // query that does not answer in time gives the connection up.
      heartbeat = setInterval(() => {
        const late = setTimeout(drop, heartbeatMs.within);
        client.query('select 1').then(() => clearTimeout(late), () => (clearTimeout(late), drop()));
      }, heartbeatMs.every);
      heartbeat.unref();
    } catch {
      drop();
    }
  };
  await listen();
  return {
    version: () => (listening ? local.count : ++local.count),
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const last = listener;
      listener = null;
      await last?.end().catch(() => {});
    },
  };
}

/** Counts the held writes committed on SQLite's one write connection (better-sqlite3 says when a transaction is open). */
export function countSqliteWrites(connection: SqliteDatabase, raw: SQLite.Database, local: LocalChanges): SqliteDatabase {
  let pending = false;
  const settle = () => {
    if (pending && !raw.inTransaction) {
      pending = false;
      local.count++;
    }
  };
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const statement = connection.prepare(sql);
      const write = isHeldWrite(sql);
      if (!write && !END.test(sql)) return statement;
      const counted = <T>(run: () => T): T => {
        try {
          return run();
        } finally {
          if (write) pending = true;
          settle();
        }
      };
      return {
        reader: statement.reader,
        all: (parameters) => counted(() => statement.all(parameters)),
        run: (parameters) => counted(() => statement.run(parameters)),
        iterate: (parameters) => statement.iterate(parameters),
      };
    },
  };
}

/** The same on each of PostgreSQL's pooled connections (each has its own transaction state). */
export function countPostgresWrites(pool: pg.Pool, local: LocalChanges): void {
  pool.on('connect', (client) => {
    let inTransaction = false;
    let pending = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
      if (typeof text !== 'string') return query(...args);
      let counts = false;
      if (BEGIN.test(text)) {
        inTransaction = true;
      } else if (END.test(text)) {
        counts = pending;
        inTransaction = false;
        pending = false;
      } else if (isHeldWrite(text)) {
        if (inTransaction) pending = true;
        else counts = true;
      }
      if (!counts) return query(...args);
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last] as (...results: unknown[]) => void;
        args[last] = (...results: unknown[]) => {
          local.count++;
          callback(...results);
        };
        return query(...args);
      }
      return (query(...args) as Promise<unknown>).finally(() => local.count++);
    }) as typeof client.query;
  });
}
