// `sesame copy` from the embedded SQLite to PostgreSQL, and back down: every table of
// the migrated schema arrives with the same row count (the list comes from the schema,
// so a table a later migration adds is checked too), and a token issued before the
// copy works against the service started on the target.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { tokenFor, signedIn as coinduchefUser, call as cdc } from '../helpers/coinduchef-client.js';
import { dialects } from '../helpers/databases.js';
import { me, refreshGrant, signedInUser, signUp } from '../helpers/native-client.js';
import { startTestApp } from '../helpers/test-app.js';
import { login as userapiLogin } from '../helpers/userapi-client.js';
import { openSesameStore } from '../../src/services.js';
import { countRows, tablesToCopy } from '../../src/store/copy-tables.js';
import { sesame, tempDir, writeJsonl } from './legacy-fixtures.js';
import bcrypt from 'bcryptjs';

const sqlite = dialects.find((d) => d.name === 'sqlite')!;
const postgres = dialects.find((d) => d.name === 'postgres')!;

for (const [from, to] of [
  [sqlite, postgres],
  [postgres, sqlite],
] as const) {
  describe(`sesame copy from ${from.name} to ${to.name}`, () => {
    test('every table arrives with its rows, ids keep their place, and nobody is signed out', async () => {
      const source = await from.create();
      const target = await to.create();
      const dir = tempDir();
      try {
        const imported = writeJsonl(dir, 'u.jsonl', [{ id: 900, email: 'legacy@example.com', password_hash: bcrypt.hashSync('Legacy passw0rd!', 4) }]);
        assert.equal((await sesame(['import', imported, '--api', 'userapi'], { DATABASE_URL: source.url })).code, 0);

        const before = await startTestApp(source);
        const tokens = await signedInUser(before.app, 'stays@example.com');
        const chef = await coinduchefUser(before.app, 'chef@example.com');
        const recipe = await cdc(before.app, 'POST', '/recettes', chef.token, { titre: 'Tarte', contenu: 'Pommes' });
        assert.equal(recipe.statusCode, 201, recipe.body);
        await before.close();

        const env = { DATABASE_URL: source.url, SECRETS_KEY: randomBytes(32).toString('base64') };
        const run = await sesame(['copy', '--to', target.url], env);
        assert.equal(run.code, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /Secrets key: SECRETS_KEY of this environment; give the service on the target the same SECRETS_KEY/);

        // The tables of the migrated schema, read here independently of the command.
        const read = await openSesameStore(source.url);
        const written = await openSesameStore(target.url);
        try {
          const tables = await tablesToCopy(read.db, read.dialect);
          const names = tables.map((t) => t.name);
          for (const expected of ['users', 'credentials', 'sessions', 'refresh_tokens', 'signing_keys', 'legacy_ids', 'recipes', 'audit_events']) {
            assert.ok(names.includes(expected), `${expected} is copied`);
          }
          for (const { name } of await tablesToCopy(written.db, written.dialect)) {
            assert.ok(names.includes(name), `the ${to.name} table ${name} has a ${from.name} source`);
          }
          for (const name of names) {
            const rows = await countRows(read.db, name);
            assert.match(run.stdout, new RegExp(`\\b${name}: ${rows} rows`), `the command reports ${name}`);
            assert.equal(await countRows(written.db, name), rows, `${name} has the same rows`);
          }
          assert.ok((await countRows(read.db, 'sessions')) > 0 && (await countRows(read.db, 'legacy_ids')) > 0);
        } finally {
          await read.close();
          await written.close();
        }

        const after = await startTestApp(target);
        try {
          assert.equal((await me(after.app, tokens.access_token)).statusCode, 200, 'the access token issued before the copy works');
          assert.equal((await refreshGrant(after.app, tokens.refresh_token)).statusCode, 200, 'so does the refresh token');
          assert.equal((await cdc(after.app, 'GET', '/recettes', (await tokenFor(after.app, 'chef@example.com')).token)).json().length, 1);
          assert.equal((await userapiLogin(after.app, 'legacy@example.com', 'Legacy passw0rd!')).json().id, 900);
          const fresh = await signUp(after.app, 'fresh@example.com');
          assert.ok(fresh.json().user.id > 900, 'the id sequence came along, past the legacy ids');
        } finally {
          await after.close();
        }

        const again = await sesame(['copy', '--to', target.url], env);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already holds \d+ accounts/);
      } finally {
        await source.drop();
        await target.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
