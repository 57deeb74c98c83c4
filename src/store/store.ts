// The Store: every kernel repository over one Kysely instance, transactions that
// hand the same repositories bound to the transaction, and the same two things for
// the repositories an API adapter keeps for its own tables.

import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { localFeed, openPostgresChangeFeed, sqliteChangeFeed, unheldFeed, type ClosableFeed } from './change-feed.js';
import type { RateBudgetRepo, Repos, SecretBox, Store } from '../core/ports.js';
import { createAuditRepo } from './audit.js';
import { AuditFeed, type RecordedAudit } from './audit-feed.js';
import { createCredentialRepo } from './credentials.js';
import { openDatabase, type DialectName, type OpenDatabase, type PoolStats } from './database.js';
import { migrateToLatest, pendingMigrations, type MigrationSet } from './migrate.js';
import { createMfaRepos } from './mfa-repos.js';
import { createOneTimeTokenRepo } from './one-time-tokens.js';
import { readOpsStats, type OpsStats } from './ops-stats.js';
import { createOutboxRepo } from './outbox.js';
import { createRefreshTokenRepo } from './refresh-tokens.js';
import type { Database } from './schema.js';
import { createSessionRepo } from './sessions.js';
import { createSigningKeyRepo, sealSigningKeys } from './signing-keys.js';
import { createSignInThrottleRepo } from './sign-in-throttles.js';
import { createUserRepo } from './users.js';
import { createLegacyIdRepo } from './legacy-ids.js';
import { createLibraryRateBudgets, createSqlRateBudgets } from './rate-budgets.js';
import { createWebhookOutbox, createWebhookRepo, type WebhookOutbox } from './webhooks.js';

function createRepos(
  db: Kysely<Database>,
  dialect: DialectName,
  secrets: SecretBox | undefined,
  recorded: (event: RecordedAudit) => void,
  afterCommit: Repos['afterCommit'],
  rateBudgets?: RateBudgetRepo,
  reader?: SQLite.Database,
): Repos {
  return madeOnFirstUse<Repos>({
    afterCommit: () => afterCommit,
    users: () => createUserRepo(db, reader),
    credentials: () => createCredentialRepo(db),
    sessions: () => createSessionRepo(db, reader),
    refreshTokens: () => createRefreshTokenRepo(db),
    oneTimeTokens: () => createOneTimeTokenRepo(db),
    signingKeys: () => createSigningKeyRepo(db, secrets),
    audit: () => createAuditRepo(db, recorded),
    signInThrottles: () => createSignInThrottleRepo(db, dialect),
    outbox: () => createOutboxRepo(db),
    mfa: () => createMfaRepos(db, reader),
    legacyIds: () => createLegacyIdRepo(db),
    rateBudgets: () => rateBudgets ?? createSqlRateBudgets(db),
    webhooks: () => createWebhookRepo(db),
  });
}

/**
 * Each repository made when first asked for, then kept: a transaction that uses
 * three of them (the refresh grant) builds three, not thirteen. The properties are
 * enumerable, so spreading the object makes them all.
 */
function madeOnFirstUse<T extends object>(makers: { [K in keyof T]: () => T[K] }): T {
  const made = {} as T;
  for (const key of Object.keys(makers) as (keyof T)[]) {
    Object.defineProperty(made, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = makers[key]();
        Object.defineProperty(made, key, { value, enumerable: true, writable: false });
        return value;
      },
    });
  }
  return made;
}

/** Runs work in one transaction with repositories bound to it. */
export interface Transactional<R> {
  transaction<T>(work: (repos: R) => Promise<T>): Promise<T>;
}

export interface KyselyStore extends Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * An adapter's repositories over this database (`make` adds its tables with
   * `db.withTables<…>()`), and transactions that build them over the transaction.
   */
  adapterRepos<R>(make: (db: Kysely<Database>) => R): R & Transactional<R>;
  /** Audit events once committed (metrics, the webhook worker's wake-up). */
  auditFeed: AuditFeed;
  webhookOutbox: WebhookOutbox;
  /** Counts for the metrics, read at scrape time. */
  opsStats(now: Date): Promise<OpsStats>;
  poolStats(): PoolStats | null;
}

export interface OpenStoreOptions {
  poolSize?: number;
  /** The migrations of the adapters that own tables, run with the kernel's in name order. */
  migrations?: readonly MigrationSet[];
  /** The secrets key's box: seals the signing keys; a key that does not open stops the start. */
  secrets?: SecretBox;
}

export interface StoreExtras {
  /** The adapters' migrations this database is opened with (readiness checks them too). */
  migrations?: readonly MigrationSet[];
  poolStats?: () => PoolStats;
  /**
   * The driver's handle for rate-limiter-flexible's stores (the budgets outside
   * transactions); without it the budgets are counted through Kysely on the same table.
   */
  raw?: OpenDatabase['raw'];
  /** SQLite's read-only connection: the session check's reads outside transactions. */
  reader?: SQLite.Database;
  /** What tells the kernel's held sessions to read again; without it nothing is held. */
  changes?: ClosableFeed;
}

/** Without `secrets`, the signing keys' private halves are out of reach (store-only tools). */
export function createStore(db: Kysely<Database>, dialect: DialectName, secrets?: SecretBox, extras: StoreExtras = {}): KyselyStore {
  const auditFeed = new AuditFeed();
  const library = extras.raw ? createLibraryRateBudgets(extras.raw) : null;
  const changes = extras.changes ?? unheldFeed();
  const published = (event: RecordedAudit) => auditFeed.publish([event]);
  return {
    ...createRepos(db, dialect, secrets, published, (callback) => callback(), library ?? undefined, extras.reader),
    db,
    dialect,
    changes,
    auditFeed,
    webhookOutbox: createWebhookOutbox(db),
    opsStats: (now) => readOpsStats(db, dialect, now),
    poolStats: () => extras.poolStats?.() ?? null,
    pendingMigrations: () => pendingMigrations(db, dialect, extras.migrations),
    transaction: async (work) => {
      // What the transaction records, and what it asks to run after it, happen only once it has committed.
      const recorded: RecordedAudit[] = [];
      const committed: (() => void)[] = [];
      const result = await db
        .transaction()
        .execute((trx) =>
          work(createRepos(trx, dialect, secrets, (event) => recorded.push(event), (callback) => committed.push(callback))),
        );
      auditFeed.publish(recorded);
      for (const callback of committed) callback();
      return result;
    },
    adapterRepos: (make) => ({ ...make(db), transaction: (work) => db.transaction().execute((trx) => work(make(trx))) }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      library?.close();
      await changes.close();
      extras.reader?.close();
      await db.destroy();
    },
  };
}

/**
 * Opens the database of `url`, applies pending migrations, seals what is still kept
 * in clear (with `secrets`), returns the store.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<KyselyStore> {
  const { db, dialect, poolStats, raw, openReader, local } = openDatabase(url, { poolSize: options.poolSize });
  let reader: SQLite.Database | undefined;
  let changes: ClosableFeed;
  try {
    await migrateToLatest(db, dialect, options.migrations);
    if (options.secrets) await sealSigningKeys(db, options.secrets);
    // After the migrations: the reader's statements are prepared against the final schema.
    reader = openReader?.();
    if (raw.dialect === 'postgres') changes = await openPostgresChangeFeed(local, url);
    else changes = reader ? sqliteChangeFeed(local, reader) : localFeed(local);
  } catch (error) {
    reader?.close();
    await db.destroy();
    throw error;
  }
  return createStore(db, dialect, options.secrets, {
    ...(options.migrations ? { migrations: options.migrations } : {}),
    ...(poolStats ? { poolStats } : {}),
    raw,
    ...(reader ? { reader } : {}),
    changes,
  });
}
