// The Store: every repository over one Kysely instance, and transactions that hand
// the same repositories bound to the transaction.

import { sql, type Kysely } from 'kysely';
import type { Repos, Store } from '../core/ports.js';
import { createAuditRepo } from './audit.js';
import { AuditFeed, type RecordedAudit } from './audit-feed.js';
import { createCredentialRepo } from './credentials.js';
import { createGoalRepo } from './goals.js';
import { createProfileRepo } from './profiles.js';
import { openDatabase, type DialectName, type PoolStats } from './database.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { readOpsStats, type OpsStats } from './ops-stats.js';
import { createOneTimeTokenRepo } from './one-time-tokens.js';
import { createRecipeRepo } from './recipes.js';
import { createOutboxRepo } from './outbox.js';
import { createRefreshTokenRepo } from './refresh-tokens.js';
import type { Database } from './schema.js';
import { createSessionRepo } from './sessions.js';
import { createSigningKeyRepo } from './signing-keys.js';
import { createSignInThrottleRepo } from './sign-in-throttles.js';
import { createUserRepo } from './users.js';
import { createWebhookOutbox, createWebhookRepo, type WebhookOutbox } from './webhooks.js';

function createRepos(db: Kysely<Database>, dialect: DialectName, recorded: (event: RecordedAudit) => void): Repos {
  return {
    users: createUserRepo(db),
    credentials: createCredentialRepo(db),
    sessions: createSessionRepo(db),
    refreshTokens: createRefreshTokenRepo(db),
    oneTimeTokens: createOneTimeTokenRepo(db),
    signingKeys: createSigningKeyRepo(db),
    audit: createAuditRepo(db, recorded),
    signInThrottles: createSignInThrottleRepo(db, dialect),
    recipes: createRecipeRepo(db),
    goals: createGoalRepo(db),
    profiles: createProfileRepo(db),
    outbox: createOutboxRepo(db),
    webhooks: createWebhookRepo(db),
  };
}

export interface KyselyStore extends Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Audit events once committed (metrics, the webhook worker's wake-up). */
  auditFeed: AuditFeed;
  webhookOutbox: WebhookOutbox;
  /** Counts for the metrics, read at scrape time. */
  opsStats(now: Date): Promise<OpsStats>;
  poolStats(): PoolStats | null;
}

export function createStore(db: Kysely<Database>, dialect: DialectName, poolStats?: () => PoolStats): KyselyStore {
  const auditFeed = new AuditFeed();
  return {
    ...createRepos(db, dialect, (event) => auditFeed.publish([event])),
    db,
    dialect,
    auditFeed,
    webhookOutbox: createWebhookOutbox(db),
    opsStats: (now) => readOpsStats(db, dialect, now),
    poolStats: () => poolStats?.() ?? null,
    pendingMigrations: () => pendingMigrations(db, dialect),
    transaction: async (work) => {
      // What the transaction records is told only once it has committed.
      const recorded: RecordedAudit[] = [];
      const result = await db.transaction().execute((trx) => work(createRepos(trx, dialect, (event) => recorded.push(event))));
      auditFeed.publish(recorded);
      return result;
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Opens the database of `url`, applies pending migrations, returns the store. */
export async function openStore(url: string, options: { poolSize?: number } = {}): Promise<KyselyStore> {
  const { db, dialect, poolStats } = openDatabase(url, options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createStore(db, dialect, poolStats);
}
