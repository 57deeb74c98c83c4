// Runs the frozen migrations, in name order, on either database.

import { Migrator, NO_MIGRATIONS, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';
import { createAccounts } from './migrations/2026-11-25T07-00-create-accounts.js';
import { createSignInThrottles } from './migrations/2026-11-25T09-00-create-sign-in-throttles.js';
import { createRecipes } from './migrations/2026-11-25T10-00-create-recipes.js';
import { createMailOutbox } from './migrations/2026-11-25T08-00-create-mail-outbox.js';
import { createGoalsAndProfiles } from './migrations/2026-11-25T11-00-create-goals-and-profiles.js';
import { userListIndexes } from './migrations/2026-11-25T12-00-user-list-indexes.js';
import { userSearchTrigram } from './migrations/2026-11-25T15-00-user-search-trigram.js';
import { userSearchOneIndex } from './migrations/2026-11-30T02-00-user-search-one-index.js';
import { createLegacyIds } from './migrations/2026-12-01T05-00-create-legacy-ids.js';

/** Every migration, by name. Static imports, so the build needs no file scanning. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '2026-11-25T07-00-create-accounts': createAccounts(dialect),
    '2026-11-25T09-00-create-sign-in-throttles': createSignInThrottles(dialect),
    '2026-11-25T10-00-create-recipes': createRecipes(dialect),
    '2026-11-25T08-00-create-mail-outbox': createMailOutbox(dialect),
    '2026-11-25T11-00-create-goals-and-profiles': createGoalsAndProfiles(dialect),
    '2026-11-25T12-00-user-list-indexes': userListIndexes(dialect),
    '2026-11-25T15-00-user-search-trigram': userSearchTrigram(dialect),
    '2026-11-30T02-00-user-search-one-index': userSearchOneIndex(dialect),
    '2026-12-01T05-00-create-legacy-ids': createLegacyIds(dialect),
  };
}

function migrator(db: Kysely<Database>, dialect: DialectName): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  return new Migrator({ db, provider });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  return unwrap(await migrator(db, dialect).migrateToLatest());
}

/** Reverts every migration (tests of `down`). */
export async function migrateDownAll(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  return unwrap(await migrator(db, dialect).migrateTo(NO_MIGRATIONS));
}
