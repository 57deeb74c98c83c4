// The Store: every repository over one Kysely instance, and transactions that hand
// the same repositories bound to the transaction.

import { sql, type Kysely } from 'kysely';
import type { RateBudgetRepo, Repos, Store } from '../core/ports.js';
import { createAuditRepo } from './audit.js';
import { createCredentialRepo } from './credentials.js';
import { createGoalRepo } from './goals.js';
import { createProfileRepo } from './profiles.js';
import { openDatabase, type DialectName, type OpenDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { createOneTimeTokenRepo } from './one-time-tokens.js';
import { createRecipeRepo } from './recipes.js';
import { createOutboxRepo } from './outbox.js';
import { createRefreshTokenRepo } from './refresh-tokens.js';
import type { Database } from './schema.js';
import { createSessionRepo } from './sessions.js';
import { createSigningKeyRepo } from './signing-keys.js';
import { createSignInThrottleRepo } from './sign-in-throttles.js';
import { createUserRepo } from './users.js';
import { createLibraryRateBudgets, createSqlRateBudgets } from './rate-budgets.js';

function createRepos(db: Kysely<Database>, dialect: DialectName, rateBudgets: RateBudgetRepo = createSqlRateBudgets(db)): Repos {
  return {
    users: createUserRepo(db),
    credentials: createCredentialRepo(db),
    sessions: createSessionRepo(db),
    refreshTokens: createRefreshTokenRepo(db),
    oneTimeTokens: createOneTimeTokenRepo(db),
    signingKeys: createSigningKeyRepo(db),
    audit: createAuditRepo(db),
    signInThrottles: createSignInThrottleRepo(db, dialect),
    recipes: createRecipeRepo(db),
    goals: createGoalRepo(db),
    profiles: createProfileRepo(db),
    outbox: createOutboxRepo(db),
    rateBudgets,
  };
}

export interface KyselyStore extends Store {
  db: Kysely<Database>;
  dialect: DialectName;
}

/**
 * `raw`: the driver's handle for rate-limiter-flexible's stores (the budgets outside
 * transactions); without it the budgets are counted through Kysely on the same table.
 */
export function createStore(db: Kysely<Database>, dialect: DialectName, raw?: OpenDatabase['raw']): KyselyStore {
  const library = raw ? createLibraryRateBudgets(raw) : null;
  return {
    ...createRepos(db, dialect, library ?? undefined),
    db,
    dialect,
    transaction: (work) => db.transaction().execute((trx) => work(createRepos(trx, dialect))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      library?.close();
      await db.destroy();
    },
  };
}

/** Opens the database of `url`, applies pending migrations, returns the store. */
export async function openStore(url: string, options: { poolSize?: number } = {}): Promise<KyselyStore> {
  const { db, dialect, raw } = openDatabase(url, options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createStore(db, dialect, raw);
}
