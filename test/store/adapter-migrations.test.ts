// The migrations of the adapters that own tables (coinduchef's recipes, myclass's
// goals and profiles) run with the kernel's under the names they always had, so a
// database migrated before they moved into src/apis runs nothing again; and a
// database is never opened with part of its history.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adapterMigrations } from '../../src/apis/domains.js';
import { openDatabase } from '../../src/store/database.js';
import { mergeMigrations, migrateToLatest, type MigrationSet } from '../../src/store/migrate.js';
import { dialects } from '../helpers/databases.js';

/** Every name a database recorded before the move, in the order they ran. Frozen: never edit. */
const NAMES_BEFORE_THE_MOVE = [
  '2026-11-25T07-00-create-accounts',
  '2026-11-25T08-00-create-mail-outbox',
  '2026-11-25T09-00-create-sign-in-throttles',
  '2026-11-25T10-00-create-recipes',
  '2026-11-25T11-00-create-goals-and-profiles',
  '2026-11-25T12-00-user-list-indexes',
  '2026-11-25T15-00-user-search-trigram',
  '2026-11-30T02-00-user-search-one-index',
];

test('the kernel and the adapters together keep every name, in name order', () => {
  const names = Object.keys(mergeMigrations('sqlite', adapterMigrations));
  assert.deepEqual(
    names.filter((name) => NAMES_BEFORE_THE_MOVE.includes(name)),
    NAMES_BEFORE_THE_MOVE,
  );
  assert.deepEqual(names, [...names].sort(), 'later migrations follow in name order');
});

test('two migrations under one name are refused before anything runs', () => {
  const name = '2026-11-25T10-00-create-recipes';
  const copy: MigrationSet = (dialect) => ({ [name]: mergeMigrations(dialect, adapterMigrations)[name]! });
  assert.throws(() => mergeMigrations('sqlite', [...adapterMigrations, copy]), new RegExp(`Two migrations are named ${name}`));
});

for (const dialect of dialects) {
  describe(`adapter migrations on ${dialect.name}`, () => {
    test('a database records the names it recorded before the move, and a second run applies nothing', async () => {
      const database = await dialect.create();
      const { db } = openDatabase(database.url);
      try {
        await migrateToLatest(db, dialect.name, adapterMigrations);
        const recorded = await db
          .withTables<{ kysely_migration: { name: string } }>()
          .selectFrom('kysely_migration')
          .select('name')
          .orderBy('name')
          .execute();
        assert.deepEqual(
          recorded.map((row) => row.name).filter((name) => NAMES_BEFORE_THE_MOVE.includes(name)),
          NAMES_BEFORE_THE_MOVE,
        );
        assert.deepEqual(await migrateToLatest(db, dialect.name, adapterMigrations), []);
        const tables = (await db.introspection.getTables()).map((table) => table.name);
        for (const table of ['recipes', 'goals', 'profiles']) assert.ok(tables.includes(table), table);
      } finally {
        await db.destroy();
        await database.drop();
      }
    });

    test("opened without an adapter's migrations, the database is refused, not half-migrated", async () => {
      const database = await dialect.create();
      const { db } = openDatabase(database.url);
      try {
        await migrateToLatest(db, dialect.name, adapterMigrations);
        await assert.rejects(migrateToLatest(db, dialect.name), /previously executed migration 2026-11-25T10-00-create-recipes is missing/);
      } finally {
        await db.destroy();
        await database.drop();
      }
    });
  });
}
