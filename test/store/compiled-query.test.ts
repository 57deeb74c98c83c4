// compileOnce, on SQLite and PostgreSQL: a query compiled once answers each call
// with that call's arguments, keeps the builder's own values, and refuses a
// builder that leaves an argument out of the SQL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileOnce } from '../../src/store/compiled-query.js';
import { openStore, type KyselyStore } from '../../src/store/store.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

const now = new Date('2026-11-30T10:00:00.000Z');

for (const dialect of dialects) {
  describe(`compiled queries on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url);
      for (const [email, role] of [['ann@example.com', 'ADMIN'], ['bob@example.com', 'USER'], ['cid@example.com', 'ADMIN']] as const) {
        await store.users.insert({ email, role, locale: 'en', firstName: email.slice(0, 3) }, now);
      }
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('each call binds its own arguments; the literal role stays as built', async () => {
      const admins = compileOnce(store.db, 2, (first: string, second: string) =>
        store.db
          .selectFrom('users')
          .select('email')
          .where('role', '=', 'ADMIN')
          .where((eb) => eb.or([eb('first_name', '=', first), eb('first_name', '=', second)]))
          .orderBy('id'),
      );
      assert.deepEqual((await admins('ann', 'bob')).rows, [{ email: 'ann@example.com' }]);
      assert.deepEqual((await admins('cid', 'ann')).rows, [{ email: 'ann@example.com' }, { email: 'cid@example.com' }]);
      assert.deepEqual((await admins('zed', 'bob')).rows, []);
    });

    test('an update reports the rows it changed', async () => {
      const rename = compileOnce(store.db, 2, (name: string, email: string) =>
        store.db.updateTable('users').set({ first_name: name }).where('email_normalized', '=', email),
      );
      assert.equal((await rename('Ann', 'ann@example.com')).numAffectedRows, 1n);
      assert.equal((await rename('Nobody', 'nobody@example.com')).numAffectedRows, 0n);
      assert.equal((await store.users.findByEmail('ann@example.com'))?.firstName, 'Ann');
    });

    test('a builder that leaves an argument out is refused at its first call', async () => {
      const broken = compileOnce(store.db, 2, (email: string, _unused: string) =>
        store.db.selectFrom('users').select('id').where('email_normalized', '=', email),
      );
      await assert.rejects(broken('ann@example.com', 'x'), /argument 1 is not a parameter/);
    });
  });
}
