// `sesame import` and `sesame export` end to end, on each database: legacy ids per
// API, merges by email, idempotence, rejected records, dry run, exit codes, CSV,
// the export → import round trip, and a kill -9 in the middle of an import.

import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import { Spa } from '../helpers/crdm-client.js';
import { call as cdc, tokenFor } from '../helpers/coinduchef-client.js';
import { dialects, type Dialect, type TestDatabase } from '../helpers/databases.js';
import { call as myclass, login as myclassLogin } from '../helpers/myclass-client.js';
import { me, passwordGrant, signUp } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { call as userapi, login as userapiLogin, withToken } from '../helpers/userapi-client.js';
import { sesame, startSesame, tempDir, writeJsonl } from './legacy-fixtures.js';

const P1 = 'First-system passw0rd';
const P2 = 'Second-system passw0rd';
const bcryptOf = (password: string) => bcrypt.hashSync(password, 4);
const userapiDigest = (password: string) => Buffer.from(createHash('sha256').update(password).digest('base64')).toString('base64');

/** A fresh database, a scratch folder, and the app when the test asks for it. */
async function scene(dialect: Dialect, work: (s: { database: TestDatabase; dir: string; app: () => Promise<TestApp> }) => Promise<void>) {
  const database = await dialect.create();
  const dir = tempDir();
  const opened: { t?: TestApp } = {};
  try {
    await work({ database, dir, app: async () => (opened.t ??= await startTestApp(database)) });
  } finally {
    await opened.t?.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const exportLines = async (url: string) => {
  const run = await sesame(['export'], { DATABASE_URL: url });
  assert.equal(run.code, 0, run.stderr);
  return run.stdout.trim() === '' ? [] : run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
};

for (const dialect of dialects) {
  describe(`sesame import on ${dialect.name}`, () => {
    test('an imported account shows its legacy id in that API, Sésame ids elsewhere; later accounts never take it', () =>
      scene(dialect, async ({ database, dir, app }) => {
        const file = writeJsonl(dir, 'coinduchef.jsonl', [
          { id: 500, courriel: 'chef@example.com', prenom: 'Paul', nom: 'Bocuse', role: 'UTILISATEUR', password_hash: bcryptOf(P1) },
        ]);
        const run = await sesame(['import', file, '--api', 'coinduchef'], { DATABASE_URL: database.url });
        assert.equal(run.code, 0, run.stderr);
        const t = await app();
        const found = await t.store.users.list({ q: 'bocus', includeDeleted: false, limit: 10 });
        assert.deepEqual(found.map((u) => u.email), ['chef@example.com'], 'the search index holds the imported account');
        if (dialect.name === 'sqlite') {
          const { rows } = await sql<{ v: number }>`select v from users_search_config where k = 'automerge'`.execute(t.store.db);
          assert.equal(rows[0]?.v, 4, "the search index's merges, paused while importing, are back on");
        }
        const { token } = await tokenFor(t.app, 'chef@example.com', P1);
        assert.equal((await cdc(t.app, 'GET', '/users/me/', token)).json().id, 500);
        const byId = await cdc(t.app, 'GET', '/utilisateurs/500', token);
        assert.equal(byId.statusCode, 200, byId.body);
        assert.deepEqual([byId.json().id, byId.json().prenom, byId.json().nom], [500, 'Paul', 'Bocuse']);
        const recipe = await cdc(t.app, 'POST', '/recettes', token, { titre: 'Soupe VGE', contenu: 'Truffes' });
        assert.equal(recipe.json().auteur_id, 500, 'a recipe names its author by the id coinduchef shows');

        const native = await passwordGrant(t.app, 'chef@example.com', P1);
        const sesameId = (await me(t.app, native.json().access_token)).json().id as number;
        assert.notEqual(sesameId, 500);
        assert.equal((await userapiLogin(t.app, 'chef@example.com', P1)).json().id, sesameId);
        // coinduchef shows 500 for this account: its Sésame id is someone else's there (403, as any other id).
        assert.equal((await cdc(t.app, 'GET', `/utilisateurs/${sesameId}`, token)).statusCode, 403);

        const later = await signUp(t.app, 'later@example.com');
        assert.ok(later.json().user.id > 500, `new id ${later.json().user.id} passes the legacy ids`);
        const clash = writeJsonl(dir, 'clash.jsonl', [{ id: later.json().user.id, courriel: 'other@example.com' }]);
        const refused = await sesame(['import', clash, '--api', 'coinduchef'], { DATABASE_URL: database.url });
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, new RegExp(`clash.jsonl:1: rejected: id ${later.json().user.id} is already shown in coinduchef`));
      }));

    test('the same person in two systems becomes one account that shows each system its own id', () =>
      scene(dialect, async ({ database, dir, app }) => {
        const first = writeJsonl(dir, 'userapi.jsonl', [
          { id: 74, email: 'ana@example.com', username: 'ana', nom: 'Lopez', prenom: 'Ana', level: 1, has_conf: 1, password_hash: userapiDigest(P1) },
        ]);
        const second = writeJsonl(dir, 'crdm.jsonl', [
          { id: 9, email: ' ANA@example.com', name: 'Other', title: 'Dr', phone_number: '+33 1 23 45 67 89', password_hash: bcryptOf(P2) },
        ]);
        assert.equal((await sesame(['import', first, '--api', 'userapi'], { DATABASE_URL: database.url })).code, 0);
        const merged = await sesame(['import', second, '--api', 'crdm'], { DATABASE_URL: database.url });
        assert.equal(merged.code, 0, merged.stderr);
        assert.match(merged.stdout, /0 imported, 1 merged, 0 unchanged, 0 rejected/);

        const t = await app();
        const logged = (await userapiLogin(t.app, 'ana@example.com', P1)).json();
        assert.equal(logged.id, 74);
        const got = await userapi(t.app, '/getuser', { query: { id: '74' }, headers: withToken(logged.token) });
        assert.equal(got.json().id, 74, got.body);

        const spa = new Spa(t.app);
        await assert.rejects(spa.signIn('ana@example.com', P2), 'the existing password stays');
        await spa.signIn('ana@example.com', P1);
        const mine = (await spa.request('GET', '/api/user')).json()[0];
        assert.deepEqual([mine.id, mine.name, mine.first_name, mine.title], [9, 'Lopez', 'Ana', 'Dr']);
        assert.equal((await spa.request('GET', '/api/user/9')).statusCode, 200);
        assert.equal((await spa.request('GET', '/api/user/74')).statusCode, 403, '74 is not this account in crdm');
      }));

    test('importing the same file again changes nothing', () =>
      scene(dialect, async ({ database, dir }) => {
        const file = writeJsonl(dir, 'users.jsonl', [
          { id: 1, email: 'one@example.com', password_hash: bcryptOf(P1) },
          { id: 2, email: 'two@example.com', password_hash: userapiDigest(P2), level: 2 },
        ]);
        assert.equal((await sesame(['import', file, '--api', 'userapi'], { DATABASE_URL: database.url })).code, 0);
        const before = await exportLines(database.url);
        const again = await sesame(['import', file, '--api', 'userapi'], { DATABASE_URL: database.url });
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /0 imported, 0 merged, 2 unchanged, 0 rejected, 0 wrapped/);
        assert.deepEqual(await exportLines(database.url), before);
      }));

    test('a digest is wrapped once per account, also when its email comes back in the very next batch', () =>
      scene(dialect, async ({ database, dir, app }) => {
        // Batches of one: each line is read and wrapped while the one before is written.
        const file = writeJsonl(dir, 'users.jsonl', [
          { id: 1, email: 'same@example.com', password_hash: userapiDigest(P1) },
          { id: 1, email: 'same@example.com', password_hash: userapiDigest(P2) },
          { id: 2, email: 'other@example.com', password_hash: userapiDigest(P2) },
        ]);
        const run = await sesame(['import', file, '--api', 'userapi', '--batch', '1'], { DATABASE_URL: database.url });
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /2 imported, 0 merged, 1 unchanged, 0 rejected, 2 wrapped/);
        const t = await app();
        assert.equal((await userapiLogin(t.app, 'same@example.com', P1)).json().id, 1, 'the first password is the one kept');
        assert.notEqual((await userapiLogin(t.app, 'same@example.com', P2)).statusCode, 200);
        assert.equal((await userapiLogin(t.app, 'other@example.com', P2)).json().id, 2);
      }));

    test('rejected records are reported by line with their reason, the others imported, exit code 1', () =>
      scene(dialect, async ({ database, dir }) => {
        const file = join(dir, 'mixed.jsonl');
        writeFileSync(
          file,
          [
            JSON.stringify({ id: 1, email: 'good@example.com', username: 'shared', password_hash: bcryptOf(P1) }),
            JSON.stringify({ id: 2, email: 'not an email' }),
            JSON.stringify({ id: 3, email: 'hash@example.com', password_hash: 'md5:5f4dcc3b5aa765d61d8327deb882cf99' }),
            JSON.stringify({ id: 4, email: 'twin@example.com', username: 'Shared' }),
            '{"id": 5, "email": ',
            JSON.stringify({ id: 6, email: 'nohash@example.com' }),
          ].join('\n'),
        );
        const report = join(dir, 'report.jsonl');
        // Batches of one: a batch whose every line is refused is no error either.
        const run = await sesame(['import', file, '--api', 'crdm', '--report', report, '--batch', '1'], { DATABASE_URL: database.url });
        assert.equal(run.code, 1);
        assert.match(run.stdout, /2 imported, 0 merged, 0 unchanged, 4 rejected/);
        const rejected = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
        assert.deepEqual(rejected.map((r) => r.line).sort(), [2, 3, 4, 5]);
        const reason = (line: number) => rejected.find((r) => r.line === line)!.reason;
        assert.match(reason(2), /email/);
        assert.match(reason(3), /no known format/);
        assert.match(reason(4), /username shared belongs to another account/i);
        assert.match(reason(5), /JSON/);
        assert.match(run.stderr, /mixed\.jsonl:3: rejected: password_hash is in no known format/);
        const accounts = await exportLines(database.url);
        assert.deepEqual(accounts.map((a) => a.email).sort(), ['good@example.com', 'nohash@example.com']);
        assert.equal(accounts.find((a) => a.email === 'nohash@example.com')!.password_hash, null, 'no usable password');
      }));

    test('a dry run validates every record and writes nothing', () =>
      scene(dialect, async ({ database, dir }) => {
        const file = writeJsonl(dir, 'users.jsonl', [
          { id: 1, email: 'a@example.com', password_hash: userapiDigest(P1) },
          { id: 2, email: 'b@example', password_hash: bcryptOf(P1) },
        ]);
        const run = await sesame(['import', file, '--api', 'userapi', '--dry-run'], { DATABASE_URL: database.url });
        assert.equal(run.code, 1);
        assert.match(run.stdout, /Dry run \(nothing written\): 1 imported, 0 merged, 0 unchanged, 1 rejected/);
        assert.deepEqual(await exportLines(database.url), []);
      }));

    test('an unusable command line or input exits 2 with a message naming it', () =>
      scene(dialect, async ({ database, dir }) => {
        const env = { DATABASE_URL: database.url };
        const missing = await sesame(['import', join(dir, 'absent.jsonl'), '--api', 'userapi'], env);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /absent\.jsonl/);
        const file = writeJsonl(dir, 'users.txt', [{ email: 'x@example.com' }]);
        const noFormat = await sesame(['import', file, '--api', 'userapi'], env);
        assert.equal(noFormat.code, 2);
        assert.match(noFormat.stderr, /users\.txt.*--format/);
        const badApi = await sesame(['import', file, '--api', 'ldap', '--format', 'jsonl'], env);
        assert.equal(badApi.code, 2);
        assert.match(badApi.stderr, /--api must be one of/);
        const badOption = await sesame(['import', file, '--api', 'userapi', '--frmat', 'csv'], env);
        assert.equal(badOption.code, 2);
        assert.match(badOption.stderr, /frmat/);
      }));

    test('a CSV file with the API’s own field names imports and signs in there', () =>
      scene(dialect, async ({ database, dir, app }) => {
        const file = join(dir, 'myclass.csv');
        writeFileSync(file, `id,Name,Surname,Email,active,password_hash\n31,Zoé,Martin,zoe@example.com,1,${bcryptOf(P1)}\n32,"Bad, row"\n`);
        const run = await sesame(['import', file, '--api', 'myclass'], { DATABASE_URL: database.url });
        assert.equal(run.code, 1, 'the short row is rejected');
        assert.match(run.stderr, /myclass\.csv:3: rejected: not a valid CSV row/);
        const t = await app();
        const token = await myclassLogin(t.app, 'zoe@example.com', P1);
        const account = await myclass(t.app, 'get_user_account/', { email: 'zoe@example.com', token });
        const shown = account.answer.message as { id: number; name: string; surname: string };
        assert.deepEqual([shown.id, shown.name, shown.surname], [31, 'Zoé', 'Martin']);
      }));

    test('export then import --api native into an empty database gives the same accounts, ids and passwords', () =>
      scene(dialect, async ({ database, dir }) => {
        await sesame(['import', writeJsonl(dir, 'u.jsonl', [{ id: 74, email: 'ana@example.com', username: 'ana', has_conf: 1, password_hash: userapiDigest(P1) }]), '--api', 'userapi'], { DATABASE_URL: database.url });
        await sesame(['import', writeJsonl(dir, 'm.jsonl', [{ id: 3, email: 'ana@example.com', adr_city: 'Lyon', twitter: '@ana' }]), '--api', 'myclass'], { DATABASE_URL: database.url });
        await sesame(['import', writeJsonl(dir, 'c.jsonl', [{ id: 9, email: 'ana@example.com', title: 'Dr' }, { id: 10, email: 'bob@example.com', deleted_at: '2026-01-02T03:04:05.000Z', password_hash: bcryptOf(P2) }]), '--api', 'crdm'], { DATABASE_URL: database.url });
        const exported = join(dir, 'export.jsonl');
        const out = await sesame(['export', '--output', exported], { DATABASE_URL: database.url });
        assert.equal(out.code, 0, out.stderr);
        const source = await exportLines(database.url);
        const ana = source.find((a) => a.email === 'ana@example.com')!;
        assert.deepEqual(ana.legacy_ids, { userapi: 74, myclass: 3, crdm: 9 });
        assert.deepEqual([ana.address, ana.social], [{ street: null, city: 'Lyon', zip: null, country: null }, { facebook: null, twitter: '@ana' }]);

        const target = await dialect.create();
        try {
          const run = await sesame(['import', exported, '--api', 'native'], { DATABASE_URL: target.url });
          assert.equal(run.code, 0, run.stderr);
          assert.deepEqual(await exportLines(target.url), source);
          const t = await startTestApp(target);
          try {
            assert.equal((await userapiLogin(t.app, 'ana@example.com', P1)).json().id, 74);
            const spa = new Spa(t.app);
            await spa.signIn('ana@example.com', P1);
            assert.equal((await spa.request('GET', '/api/user')).json()[0].id, 9);
            assert.equal((await passwordGrant(t.app, 'bob@example.com', P2)).statusCode, 400, 'a deleted account stays deleted');
          } finally {
            await t.close();
          }
        } finally {
          await target.drop();
        }
      }));

    test('an import killed with SIGKILL mid-way and run again ends with every record once', () =>
      scene(dialect, async ({ database, dir }) => {
        const hashes = Array.from({ length: 20 }, (_, i) => bcryptOf(`reused password ${i}`));
        const records = Array.from({ length: 4000 }, (_, i) => ({ id: i + 1, email: `user${i}@example.com`, password_hash: hashes[i % hashes.length] }));
        const file = writeJsonl(dir, 'big.jsonl', records);
        const env = { DATABASE_URL: database.url };
        const child = startSesame(['import', file, '--api', 'userapi', '--batch', '20'], env);
        await new Promise<void>((resolve, reject) => {
          let seen = '';
          child.stderr.on('data', (chunk) => {
            seen += chunk;
            if (/import: [1-9]0%/.test(seen)) {
              child.kill('SIGKILL');
              resolve();
            }
          });
          child.on('close', () => reject(new Error(`the import ended before it could be killed: ${seen}`)));
        });
        await new Promise((resolve) => child.on('close', resolve));
        const partial = (await exportLines(database.url)).length;
        assert.ok(partial > 0 && partial < records.length, `killed mid-way (${partial} imported)`);

        const rerun = await sesame(['import', file, '--api', 'userapi'], env);
        assert.equal(rerun.code, 0, rerun.stderr);
        assert.match(rerun.stdout, new RegExp(`${records.length - partial} imported, 0 merged, ${partial} unchanged, 0 rejected`));
        const accounts = await exportLines(database.url);
        assert.equal(accounts.length, records.length);
        assert.equal(new Set(accounts.map((a) => (a.legacy_ids as { userapi: number }).userapi)).size, records.length);
      }));
  });
}
