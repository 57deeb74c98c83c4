// The access rules every API asks (src/core/access-rules.ts): pure functions, no database.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCoreError } from '../../src/core/errors.js';
import {
  assertSelfAssignableRole,
  canManageUsers,
  canReadUser,
  canUpdateUser,
} from '../../src/core/access-rules.js';
import { userWithRole as user } from '../helpers/users.js';

const admin = user(1, 'ADMIN');
const modo = user(2, 'MODERATOR');
const ana = user(3, 'USER');
const bob = user(4, 'USER');

describe('role rules', () => {
  test('users: admins manage everyone; others read and update themselves, never their role', () => {
    assert.deepEqual([admin, modo, ana].map(canManageUsers), [true, false, false]);
    assert.equal(canReadUser(ana, ana.id), true);
    assert.equal(canReadUser(ana, bob.id), false);
    assert.equal(canReadUser(modo, ana.id), false);
    assert.equal(canReadUser(admin, ana.id), true);
    assert.equal(canUpdateUser(ana, ana, {}), true);
    assert.equal(canUpdateUser(ana, ana, { role: 'USER' }), true);
    assert.equal(canUpdateUser(ana, ana, { role: 'MODERATOR' }), false);
    assert.equal(canUpdateUser(ana, bob, {}), false);
    assert.equal(canUpdateUser(admin, bob, { role: 'ADMIN' }), true);
  });

  test('sign-up may pick any role but ADMIN', () => {
    assertSelfAssignableRole('USER');
    assertSelfAssignableRole('MODERATOR');
    assert.throws(() => assertSelfAssignableRole('ADMIN'), (e) => isCoreError(e, 'validation_failed'));
  });
});
