// The last-admin rule of the kernel (policy.ts), on real databases: whoever calls
// UserAdministration, nobody leaves the service without an administrator, even
// when two demotions race; a plain user asking for another id learns nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isCoreError } from '../../src/core/errors.js';
import type { RequestContext, Role, User } from '../../src/core/model.js';
import { openServices, type Services } from '../../src/services.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/test-app.js';

const context: RequestContext = { api: 'test', ip: null, userAgent: null };

for (const dialect of dialects) {
  describe(`user administration on ${dialect.name}`, () => {
    let database: TestDatabase;
    let s: Services;
    let n = 0;
    const make = async (role: Role): Promise<User> => {
      n += 1;
      const user = await s.core.accounts.signUp({ email: `r${n}@example.com`, password: 'a perfectly long password' }, context);
      return role === 'USER' ? user : s.store.users.update(user.id, { role }, new Date());
    };

    before(async () => {
      database = await dialect.create();
      s = await openServices(testConfig(database.url));
    });
    after(async () => {
      await s.store.close();
      await database.drop();
    });

    test('a plain user asking for any other id is forbidden before the id is looked up', async () => {
      const u = await make('USER');
      await assert.rejects(s.core.users.get(u, 999_999), (e) => isCoreError(e, 'forbidden'));
      const a = await make('ADMIN');
      await assert.rejects(s.core.users.get(a, 999_999), (e) => isCoreError(e, 'not_found'));
    });

    test('a role change is audited with actor and previous role', async () => {
      const a = await make('ADMIN');
      const u = await make('USER');
      await s.core.users.changeRole(a, u.id, 'MODERATOR', context);
      const events = await s.store.audit.listForUser(u.id, 10);
      const changed = events.find((e) => e.action === 'user.role_changed');
      assert.equal(changed?.actorUserId, a.id);
      assert.deepEqual(changed?.details, { role: 'MODERATOR', previous_role: 'USER' });
    });

    test('two admins demoting each other at once, many times over: never zero admins', async () => {
      for (let round = 0; round < 15; round += 1) {
        for (const admin of await s.store.users.list({ includeDeleted: false, limit: 100, role: 'ADMIN' })) {
          await s.store.users.update(admin.id, { role: 'USER' }, new Date());
        }
        const first = await make('ADMIN');
        const second = await make('ADMIN');
        const results = await Promise.allSettled([
          s.core.users.changeRole(first, second.id, 'USER', context),
          s.core.users.changeRole(second, first.id, 'USER', context),
        ]);
        assert.equal(await s.store.users.countActiveAdmins(), 1, `round ${round}`);
        const refused = results.filter((r) => r.status === 'rejected');
        assert.equal(refused.length, 1);
        assert.ok(isCoreError((refused[0] as PromiseRejectedResult).reason, 'last_admin'));
      }
    });
  });
}
