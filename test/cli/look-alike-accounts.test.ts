// Emails and usernames are rekeyed by NFKC at migration; accounts an older version
// let in as look-alikes (`admin@…` / `ａdmin@…`, `admin1` / `ａdmin1`) are never
// merged: `sesame migrate` lists them and exits 2, and once the operator removed the
// look-alike, the next `sesame migrate` moves the survivor to its key and exits 0.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import { migrateTo } from '../../src/store/migrate.js';
import { adapterMigrations } from '../../src/apis/domains.js';
import { dialects } from '../helpers/databases.js';
import { sesame } from '../helpers/cli.js';


/** A row as the version before NFKC keys wrote it: keys trimmed, NFC, lower-cased. */
const oldRow = (email: string, username: string | null) => ({
  email,
  email_normalized: email.trim().normalize('NFC').toLowerCase(),
  username,
  username_normalized: username?.trim().normalize('NFC').toLowerCase() ?? null,
  role: 'USER',
  locale: 'en',
  dark_mode: 0,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
});

for (const dialect of dialects) {
  describe(`look-alike accounts at migration on ${dialect.name}`, () => {
    test('collisions are listed by `sesame migrate` (exit 2), never merged; the rest is rekeyed', async () => {
      const database = await dialect.create();
      const { db } = openDatabase(database.url);
      try {
        await migrateTo(db, dialect.name, '2026-11-30T02-00-user-search-one-index', adapterMigrations);
        const ids: Record<string, number> = {};
        for (const [name, email, username] of [
          ['admin', 'admin@example.com', 'admin1'],
          ['fullwidth', 'ａdmin@example.com', 'ａdmin1'],
          ['bob', 'ｂob@Example.com', 'ｂob'],
          ['carl1', 'ｃarl@example.com', null],
          ['carl2', 'ｃａrl@example.com', null],
        ] as const) {
          const row = await db.insertInto('users').values(oldRow(email, username)).returning('id').executeTakeFirstOrThrow();
          ids[name] = Number(row.id);
        }

        const run = await sesame(['migrate'], { DATABASE_URL: database.url });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stdout, /Applied: .*2026-12-01T04-00-nfkc-account-keys/);
        assert.match(run.stderr, new RegExp(`email "admin@example.com": id ${ids.admin} \\("admin@example.com"\\), id ${ids.fullwidth} \\("ａdmin@example.com"\\)`));
        assert.match(run.stderr, new RegExp(`username "admin1": id ${ids.admin} \\("admin1"\\), id ${ids.fullwidth} \\("ａdmin1"\\)`));
        assert.match(run.stderr, new RegExp(`email "carl@example.com": id ${ids.carl1} \\("ｃarl@example.com"\\), id ${ids.carl2} \\("ｃａrl@example.com"\\)`), 'two old rows that fold alike');
        assert.doesNotMatch(run.stderr, /bob/, 'a full-width account with no look-alike is simply rekeyed');

        const keys = async () =>
          Object.fromEntries(
            (await db.selectFrom('users').select(['id', 'email_normalized', 'username_normalized']).execute()).map((r) => [
              Number(r.id),
              [r.email_normalized, r.username_normalized],
            ]),
          );
        assert.deepEqual(await keys(), {
          [ids.admin!]: ['admin@example.com', 'admin1'],
          [ids.fullwidth!]: ['ａdmin@example.com', 'ａdmin1'],
          [ids.bob!]: ['bob@example.com', 'bob'],
          [ids.carl1!]: ['ｃarl@example.com', null],
          [ids.carl2!]: ['ｃａrl@example.com', null],
        });

        const again = await sesame(['migrate'], { DATABASE_URL: database.url });
        assert.equal(again.code, 2, 'still listed until the operator acts');

        await db.deleteFrom('users').where('id', 'in', [ids.admin!, ids.carl2!]).execute();
        const resolved = await sesame(['migrate'], { DATABASE_URL: database.url });
        assert.equal(resolved.code, 0, resolved.stderr);
        assert.match(resolved.stdout, /Rekeyed 3/);
        assert.deepEqual((await keys())[ids.fullwidth!], ['admin@example.com', 'admin1']);
        assert.deepEqual((await keys())[ids.carl1!], ['carl@example.com', null]);
      } finally {
        await db.destroy();
        await database.drop();
      }
    });
  });
}
