// RateBudgetRepo over the `rate_limits` table, in two forms that count the same
// rows the same way:
// - outside a transaction, rate-limiter-flexible's own store (RateLimiterSQLite on
//   the store's better-sqlite3 connection, RateLimiterPostgres on its pg pool): each
//   use is one atomic upsert, committed at once, seen by every process. SQLite: the
//   same connection, never a second one, which would wait synchronously (busy
//   timeout, event loop blocked) for a write transaction Kysely holds open across
//   awaits on the first; the price is that a count made while such a transaction is
//   open joins it (a savepoint) and is lost if that transaction rolls back;
// - inside a transaction (the refresh grant), one upsert of the same row through
//   the transaction, so the count adds no commit of its own.
// Windows are wall-clock (Date.now(), as the library's): they meter real clients,
// not the domain clock tests move.

import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BudgetAnswer, RateBudget, RateBudgetRepo } from '../core/ports.js';
import type pg from 'pg';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { compileOnce } from './compiled-query.js';

const TABLE = 'rate_limits';

const refused = (msBeforeNext: number): BudgetAnswer => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
});

/** The count through Kysely: the transaction-bound form. */
export function createSqlRateBudgets(db: Kysely<Database>): RateBudgetRepo {
  // The library's upsert, compiled once per dialect: the refresh grant's
  // repositories are made for each transaction, and it counts on every refresh.
  const upsert = compileOnce(
    db,
    3,
    (key: string, expire: number, now: number) => ({
      compile: () =>
        sql<{ points: number; expire: number }>`
          insert into rate_limits (key, points, expire) values (${key}, 1, ${expire})
          on conflict (key) do update set
            points = case when rate_limits.expire > ${now} then rate_limits.points + 1 else 1 end,
            expire = case when rate_limits.expire > ${now} then rate_limits.expire else excluded.expire end
          returning points, expire`.compile(db),
    }),
    'rate_limits.spend',
  );
  return {
    async spend(key, budget) {
      const now = Date.now();
      const row = (await upsert(key, now + budget.windowSeconds * 1000, now)).rows[0]!;
      if (Number(row.points) <= budget.limit) return { allowed: true };
      return refused(Number(row.expire) - now);
    },
  };
}

export type DriverHandle = { dialect: 'sqlite'; database: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };

/**
 * The pool as the library uses it (`query(config)` → promise), through a client of
 * its own rather than pool.query(), whose internal callback the store's
 * statement-naming wrapper (pg-named-statements.ts) does not pass on.
 */
function queryOnly(pool: pg.Pool) {
  return {
    async query(config: pg.QueryConfig | string, values?: unknown[]) {
      const client = await pool.connect();
      try {
        return await (typeof config === 'string' ? client.query(config, values) : client.query(config));
      } finally {
        client.release();
      }
    },
  };
}

/**
 * The connection as the library uses it (`prepare`, `transaction`), its statements
 * prepared once: the library prepares its upsert again on every use, which costs
 * more than running it.
 */
function withPreparedStatements(database: SQLite.Database) {
  const cached = withStatementCache(database, 20);
  return {
    prepare: (text: string) => cached.prepare(text) as unknown as SQLite.Statement,
    transaction: database.transaction.bind(database),
  };
}

export interface LibraryRateBudgets extends RateBudgetRepo {
  close(): void;
}

/** rate-limiter-flexible on the database of `raw`: one limiter per distinct budget, made on first use. */
export function createLibraryRateBudgets(raw: DriverHandle): LibraryRateBudgets {
  const sqlite = raw.dialect === 'sqlite' ? withPreparedStatements(raw.database) : null;
  const pool = raw.dialect === 'postgres' ? queryOnly(raw.pool) : null;
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (budget: RateBudget): RateLimiterAbstract => {
    const name = `${budget.limit}/${budget.windowSeconds}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const options = {
        tableName: TABLE,
        tableCreated: true, // by our migration
        clearExpiredByTimeout: false, // one sweep for the table, below, not one per limiter
        keyPrefix: '',
        points: budget.limit,
        duration: budget.windowSeconds,
      };
      limiter = sqlite
        ? new RateLimiterSQLite({ ...options, storeClient: sqlite, storeType: 'better-sqlite3' })
        : new RateLimiterPostgres({ ...options, storeClient: pool, storeType: 'pool' });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  // Expired rows are dead weight only: swept every 5 minutes, an hour after they ran out.
  const sweep = setInterval(() => {
    const before = Date.now() - 3_600_000;
    if (sqlite) sqlite.prepare(`delete from ${TABLE} where expire < ?`).run(before);
    else pool?.query(`delete from ${TABLE} where expire < $1`, [before]).catch(() => {});
  }, 300_000);
  sweep.unref();
  return {
    async spend(key, budget) {
      try {
        await limiterFor(budget).consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return refused(rejection.msBeforeNext);
        throw rejection;
      }
    },
    /** The connection is the store's: it closes it. */
    close() {
      clearInterval(sweep);
    },
  };
}
