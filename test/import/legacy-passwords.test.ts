// Imported legacy hashes sign in through every API and are upgraded to argon2id
// after the first success; a wrong password gets the answer an unknown account gets.
// One account per (format, API), since the first success replaces the hash.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Spa } from '../helpers/crdm-client.js';
import { token as coinduchefToken } from '../helpers/coinduchef-client.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { call as myclassCall } from '../helpers/myclass-client.js';
import { passwordGrant } from '../helpers/native-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { login as userapiLogin } from '../helpers/userapi-client.js';
import { LEGACY_FORMATS, legacyHash, sesame, tempDir, writeJsonl } from './legacy-fixtures.js';

const APIS = ['native', 'userapi', 'coinduchef', 'crdm', 'myclass'] as const;
type Api = (typeof APIS)[number];
const PASSWORD = 'Imported-passw0rd!';

interface Attempt {
  ok: boolean;
  /** What a client sees of a failure (status and body, without the request id). */
  answer: string;
}

function seen(res: LightMyRequestResponse): string {
  let body: unknown = res.body;
  try {
    body = res.json();
    if (body && typeof body === 'object') delete (body as Record<string, unknown>).request_id;
  } catch {
    /* not JSON */
  }
  return `${res.statusCode} ${JSON.stringify(body)}`;
}

async function signIn(app: FastifyInstance, api: Api, email: string, password: string): Promise<Attempt> {
  switch (api) {
    case 'native': {
      const res = await passwordGrant(app, email, password);
      return { ok: res.statusCode === 200, answer: seen(res) };
    }
    case 'userapi': {
      const res = await userapiLogin(app, email, password);
      return { ok: res.statusCode === 200 && res.json().success !== false, answer: seen(res) };
    }
    case 'coinduchef': {
      const res = await coinduchefToken(app, email, password);
      return { ok: res.statusCode === 200, answer: seen(res) };
    }
    case 'crdm': {
      const spa = new Spa(app);
      await spa.csrf();
      const res = await spa.request('POST', '/login', { email, password, remember: false });
      return { ok: res.statusCode === 204, answer: seen(res) };
    }
    case 'myclass': {
      const res = await myclassCall(app, 'login', { Email: email, Pwd: password });
      return { ok: res.answer.status === true, answer: seen(res) };
    }
  }
}

const emailOf = (format: string, api: Api) => `${format}.${api}@legacy.example`;

for (const dialect of dialects) {
  describe(`imported password hashes on ${dialect.name}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    const dir = tempDir();

    before(async () => {
      database = await dialect.create();
      const records = [];
      let id = 1000;
      for (const format of LEGACY_FORMATS) {
        for (const api of APIS) {
          const { hash, declared } = await legacyHash(format, PASSWORD);
          // has_conf 1: activated, as myclass' login requires.
          records.push({ id: id++, email: emailOf(format, api), has_conf: 1, password_hash: hash, ...(declared ? { hash_format: declared } : {}) });
        }
      }
      const run = await sesame(['import', writeJsonl(dir, 'users.jsonl', records), '--api', 'userapi'], { DATABASE_URL: database.url });
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.match(run.stdout, new RegExp(`${records.length} imported, 0 merged, 0 unchanged, 0 rejected, ${2 * APIS.length} wrapped`));
      t = await startTestApp(database);
    });
    after(async () => {
      await t?.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('no unsalted SHA-256 digest rests in the database: those are wrapped in argon2id', async () => {
      for (const format of ['sha256-base64', 'sha256-base64-base64']) {
        const user = await t.store.users.findByEmail(emailOf(format, 'native'));
        const stored = await t.store.credentials.getPasswordHash(user!.id);
        assert.match(stored!, new RegExp(`^\\$sesame-wrap\\$${format}\\$argon2id\\$`));
      }
    });

    for (const format of LEGACY_FORMATS) {
      for (const api of APIS) {
        test(`${format} signs in through ${api}, a wrong password fails like an unknown account, then argon2id`, async () => {
          const email = emailOf(format, api);
          const unknown = await signIn(t.app, api, `nobody.${format}.${api}@legacy.example`, 'Wrong-passw0rd!');
          const wrong = await signIn(t.app, api, email, 'Wrong-passw0rd!');
          assert.equal(wrong.ok, false);
          assert.equal(wrong.answer, unknown.answer);
          const user = await t.store.users.findByEmail(email);
          const before = await t.store.credentials.getPasswordHash(user!.id);

          const right = await signIn(t.app, api, email, PASSWORD);
          assert.equal(right.ok, true, right.answer);
          const upgraded = await t.store.credentials.getPasswordHash(user!.id);
          assert.notEqual(upgraded, before);
          assert.match(upgraded!, /^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
          if (format !== 'argon2id') {
            const events = await t.store.audit.listForUser(user!.id, 20);
            const upgrade = events.find((e) => e.action === 'user.password_upgraded');
            assert.ok(upgrade, 'the upgrade is audited');
          }
          assert.equal((await signIn(t.app, api, email, PASSWORD)).ok, true, 'signs in again on the new hash');
        });
      }
    }
  });
}
