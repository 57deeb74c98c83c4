// Runs the frozen migrations, in name order, on either database: the kernel's own
// and those an API adapter brings for the tables only it uses (its domain). The
// store imports no adapter; the composition root hands their sets in.

import { Migrator, NO_MIGRATIONS, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';
import { createAccounts } from './migrations/2026-11-25T07-00-create-accounts.js';
import { createSignInThrottles } from './migrations/2026-11-25T09-00-create-sign-in-throttles.js';
import { createMailOutbox } from './migrations/2026-11-25T08-00-create-mail-outbox.js';
import { userListIndexes } from './migrations/2026-11-25T12-00-user-list-indexes.js';
import { userSearchTrigram } from './migrations/2026-11-25T15-00-user-search-trigram.js';
import { userSearchOneIndex } from './migrations/2026-11-30T02-00-user-search-one-index.js';
import { createRateLimits } from './migrations/2026-12-01T03-00-create-rate-limits.js';
import { nfkcAccountKeys } from './migrations/2026-12-01T04-00-nfkc-account-keys.js';
import { createLegacyIds } from './migrations/2026-12-01T05-00-create-legacy-ids.js';
import { createMfa } from './migrations/2026-12-01T06-00-create-mfa.js';
import { createWebhooks } from './migrations/2026-12-01T07-00-create-webhooks.js';
import { consoleListIndexes } from './migrations/2026-12-01T08-00-console-list-indexes.js';
import { sessionClient } from './migrations/2026-12-01T09-10-session-client.js';
import { changeFeed } from './migrations/2026-12-01T10-00-change-feed.js';

/** Migrations by name for one dialect: the kernel's, or one adapter's. */
export type MigrationSet = (dialect: DialectName) => Record<string, Migration>;

/** The kernel's migrations, by name. Static imports, so the build needs no file scanning. */
export const kernelMigrations: MigrationSet = (dialect) => ({
  '2026-11-25T07-00-create-accounts': createAccounts(dialect),
  '2026-11-25T09-00-create-sign-in-throttles': createSignInThrottles(dialect),
  '2026-11-25T08-00-create-mail-outbox': createMailOutbox(dialect),
  '2026-11-25T12-00-user-list-indexes': userListIndexes(dialect),
  '2026-11-25T15-00-user-search-trigram': userSearchTrigram(dialect),
  '2026-11-30T02-00-user-search-one-index': userSearchOneIndex(dialect),
  '2026-12-01T03-00-create-rate-limits': createRateLimits(dialect),
  '2026-12-01T04-00-nfkc-account-keys': nfkcAccountKeys(),
  '2026-12-01T05-00-create-legacy-ids': createLegacyIds(dialect),
  '2026-12-01T06-00-create-mfa': createMfa(dialect),
  '2026-12-01T07-00-create-webhooks': createWebhooks(dialect),
  '2026-12-01T08-00-console-list-indexes': consoleListIndexes(),
  '2026-12-01T09-10-session-client': sessionClient(),
  '2026-12-01T10-00-change-feed': changeFeed(dialect),
});

/**
 * The kernel's migrations and every adapter's in one list sorted by name, the
 * order they have always run in. Kysely records names only, so a migration that
 * moved to its adapter's folder is not run again; two sets claiming one name are
 * a programming error, refused before anything runs.
 */
export function mergeMigrations(dialect: DialectName, adapterSets: readonly MigrationSet[]): Record<string, Migration> {
  const merged: Record<string, Migration> = {};
  for (const set of [kernelMigrations, ...adapterSets]) {
    for (const [name, migration] of Object.entries(set(dialect))) {
      if (name in merged) throw new Error(`Two migrations are named ${name}`);
      merged[name] = migration;
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function migrator(db: Kysely<Database>, dialect: DialectName, adapterSets: readonly MigrationSet[]): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => mergeMigrations(dialect, adapterSets) };
  return new Migrator({ db, provider });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Applies every pending migration; returns the names applied. A database that ran
 * an adapter's migrations must always be opened with that adapter's set: Kysely
 * refuses ("previously executed migration … is missing") rather than guess.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  adapterSets: readonly MigrationSet[] = [],
): Promise<string[]> {
  return unwrap(await migrator(db, dialect, adapterSets).migrateToLatest());
}

/** Migrates up or down to `name` (tests that start from an older schema). */
export async function migrateTo(
  db: Kysely<Database>,
  dialect: DialectName,
  name: string,
  adapterSets: readonly MigrationSet[] = [],
): Promise<string[]> {
  return unwrap(await migrator(db, dialect, adapterSets).migrateTo(name));
}

/** Names of the migrations not applied yet (readiness: a database behind the code is not ready). */
export async function pendingMigrations(
  db: Kysely<Database>,
  dialect: DialectName,
  adapterSets: readonly MigrationSet[] = [],
): Promise<string[]> {
  const known = await migrator(db, dialect, adapterSets).getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

/** Reverts every migration (tests of `down`). */
export async function migrateDownAll(
  db: Kysely<Database>,
  dialect: DialectName,
  adapterSets: readonly MigrationSet[] = [],
): Promise<string[]> {
  return unwrap(await migrator(db, dialect, adapterSets).migrateTo(NO_MIGRATIONS));
}
