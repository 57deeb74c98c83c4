// compileOnce, on SQLite and PostgreSQL: a query compiled once answers each call
// with that call's arguments, keeps the builder's own values, and refuses a
// builder that leaves an argument out of the SQL.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { compileOnce } from '../../src/store/compiled-query.js';
import { dialects, useStore } from '../helpers/databases.js';

const now = new Date('2026-11-30T10:00:00.000Z');

for (const dialect of dialects) {
  describe(`compiled queries on ${dialect.name}`, () => {
    const t = useStore(dialect);

    before(async () => {
      for (const [email, role] of [['ann@example.com', 'ADMIN'], ['bob@example.com', 'USER'], ['cid@example.com', 'ADMIN']] as const) {
        await t.store.users.insert({ email, role, locale: 'en', firstName: email.slice(0, 3) }, now);
      }
    });

    test('each call binds its own arguments; the literal role stays as built', async () => {
      const admins = compileOnce(t.store.db, 2, (first: string, second: string) =>
        t.store.db
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
      const rename = compileOnce(t.store.db, 2, (name: string, email: string) =>
        t.store.db.updateTable('users').set({ first_name: name }).where('email_normalized', '=', email),
      );
      assert.equal((await rename('Ann', 'ann@example.com')).numAffectedRows, 1n);
      assert.equal((await rename('Nobody', 'nobody@example.com')).numAffectedRows, 0n);
      assert.equal((await t.store.users.findByEmail('ann@example.com'))?.firstName, 'Ann');
    });

    test('a builder that leaves an argument out is refused at its first call', async () => {
      const broken = compileOnce(t.store.db, 2, (email: string, _unused: string) =>
        t.store.db.selectFrom('users').select('id').where('email_normalized', '=', email),
      );
      await assert.rejects(broken('ann@example.com', 'x'), /argument 1 is not a parameter/);
    });
  });
}
