// The role rules (pure) and the services that enforce them on real databases:
// whoever calls, a level-1 user reads only themselves, admins manage, nobody
// leaves the service without an administrator, even when two demotions race.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountActions } from '../../src/core/account-actions.js';
import { Accounts } from '../../src/core/accounts.js';
import { isCoreError } from '../../src/core/errors.js';
import type { RequestContext, Role, User } from '../../src/core/model.js';
import { canChangeRole, canDelete, canEditProfile, canView } from '../../src/core/role-rules.js';
import { outranks } from '../../src/core/roles.js';
import { openServices, type Services } from '../../src/services.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/test-app.js';

const context: RequestContext = { api: 'test', ip: null, userAgent: null };
const who = (id: number, role: Role) => ({ id, role });

describe('role rules', () => {
  const [u, u2, m, m2, a, a2] = [who(1, 'USER'), who(2, 'USER'), who(3, 'MODERATOR'), who(4, 'MODERATOR'), who(5, 'ADMIN'), who(6, 'ADMIN')];

  test('view: oneself or a strictly higher level', () => {
    assert.deepEqual([canView(u, u), canView(u, u2), canView(u, m), canView(m, u), canView(m, m2), canView(a, m), canView(a, a2)],
      [true, false, false, true, false, true, false]);
    assert.equal(outranks(a, u), true);
    assert.equal(outranks(u, u2), false);
  });

  test('edit profile: oneself or an admin; delete: oneself or an admin of a higher level', () => {
    assert.deepEqual([canEditProfile(u, u), canEditProfile(m, u), canEditProfile(a, u), canEditProfile(a, a2)], [true, false, true, true]);
    assert.deepEqual([canDelete(u, u), canDelete(m, u), canDelete(a, m), canDelete(a, a2), canDelete(a2, a2)], [true, false, true, false, true]);
  });

  test('change role: admins only, never above their own level', () => {
    assert.deepEqual([canChangeRole(u, 'USER'), canChangeRole(m, 'USER'), canChangeRole(m, 'MODERATOR'), canChangeRole(a, 'ADMIN')],
      [false, false, false, true]);
  });
});

for (const dialect of dialects) {
  describe(`account actions on ${dialect.name}`, () => {
    let database: TestDatabase;
    let s: Services;
    let actions: AccountActions;
    let n = 0;
    const make = async (role: Role): Promise<User> => {
      n += 1;
      const user = await s.core.accounts.signUp({ email: `r${n}@example.com`, password: 'a perfectly long password', role }, context);
      return user;
    };

    before(async () => {
      database = await dialect.create();
      s = await openServices(testConfig(database.url));
      actions = new AccountActions(s.core.deps, new Accounts(s.core.deps));
    });
    after(async () => {
      await s.store.close();
      await database.drop();
    });

    test('a plain user asking for any other id is forbidden before the id is looked up', async () => {
      const u = await make('USER');
      await assert.rejects(actions.view(u, 999_999), (e) => isCoreError(e, 'forbidden'));
      const a = await make('ADMIN');
      await assert.rejects(actions.view(a, 999_999), (e) => isCoreError(e, 'not_found'));
    });

    test('a role change is audited with actor and previous role', async () => {
      const a = await make('ADMIN');
      const u = await make('USER');
      await actions.changeRole(a, u.id, 'MODERATOR', context);
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
          actions.changeRole(first, second.id, 'USER', context),
          actions.changeRole(second, first.id, 'USER', context),
        ]);
        assert.equal(await s.store.users.countActiveAdmins(), 1, `round ${round}`);
        const refused = results.filter((r) => r.status === 'rejected');
        assert.equal(refused.length, 1);
        assert.ok(isCoreError((refused[0] as PromiseRejectedResult).reason, 'last_admin'));
      }
    });
  });
}
