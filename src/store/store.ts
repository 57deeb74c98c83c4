// The Store: every repository over one Kysely instance, and transactions that hand
// the same repositories bound to the transaction.

import { sql, type Kysely } from 'kysely';
import type { Repos, Store } from '../core/ports.js';
import { createAuditRepo } from './audit.js';
import { createCredentialRepo } from './credentials.js';
import { createGoalRepo } from './goals.js';
import { createProfileRepo } from './profiles.js';
import { openDatabase, type DialectName } from './database.js';
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
import { createLegacyIdRepo } from './legacy-ids.js';

function createRepos(db: Kysely<Database>, dialect: DialectName): Repos {
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
    legacyIds: createLegacyIdRepo(db),
  };
}

export interface KyselyStore extends Store {
  db: Kysely<Database>;
  dialect: DialectName;
}

export function createStore(db: Kysely<Database>, dialect: DialectName): KyselyStore {
  return {
    ...createRepos(db, dialect),
    db,
    dialect,
    transaction: (work) => db.transaction().execute((trx) => work(createRepos(trx, dialect))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Opens the database of `url`, applies pending migrations, returns the store. */
export async function openStore(url: string, options: { poolSize?: number } = {}): Promise<KyselyStore> {
  const { db, dialect } = openDatabase(url, options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createStore(db, dialect);
}
