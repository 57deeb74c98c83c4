// The access rules every API asks (src/core/access-rules.ts): pure functions, no database.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCoreError } from '../../src/core/errors.js';
import type { Recipe, RecipeStatus, Role, User } from '../../src/core/model.js';
import {
  assertSelfAssignableRole,
  canChangeRecipeStatus,
  canEditRecipe,
  canManageUsers,
  canModerate,
  canReadUser,
  canSeeRecipe,
  canUpdateUser,
  isValidTransition,
} from '../../src/core/access-rules.js';

const at = new Date('2026-11-25T10:00:00Z');
const user = (id: number, role: Role): User => ({
  id, role, email: `u${id}@example.com`, emailVerifiedAt: null, username: null, firstName: null, lastName: null,
  title: null, phone: null, birthdate: null, address: { street: null, city: null, zip: null, country: null },
  social: { facebook: null, twitter: null }, locale: 'fr', darkMode: false, createdAt: at, updatedAt: at, deletedAt: null,
});
const recipe = (authorId: number, status: RecipeStatus): Recipe => ({
  id: 1, authorId, title: 't', content: 'c', status, createdAt: at, updatedAt: at,
});

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

  test('recipes: the workflow, who sees, who edits, who moves', () => {
    assert.deepEqual([admin, modo, ana].map(canModerate), [true, true, false]);
    assert.equal(isValidTransition('draft', 'submitted'), true);
    assert.equal(isValidTransition('submitted', 'published'), true);
    assert.equal(isValidTransition('submitted', 'rejected'), true);
    for (const [from, to] of [['draft', 'published'], ['published', 'rejected'], ['rejected', 'draft'], ['draft', 'draft']] as const) {
      assert.equal(isValidTransition(from, to), false, `${from} → ${to}`);
    }
    assert.equal(canSeeRecipe(bob, recipe(ana.id, 'draft')), false);
    assert.equal(canSeeRecipe(bob, recipe(ana.id, 'published')), true);
    assert.equal(canSeeRecipe(ana, recipe(ana.id, 'rejected')), true);
    assert.equal(canSeeRecipe(modo, recipe(ana.id, 'draft')), true);
    assert.equal(canEditRecipe(ana, recipe(ana.id, 'published')), true);
    assert.equal(canEditRecipe(admin, recipe(ana.id, 'draft')), false);
    assert.equal(canChangeRecipeStatus(ana, recipe(ana.id, 'draft'), 'submitted'), true);
    assert.equal(canChangeRecipeStatus(ana, recipe(ana.id, 'submitted'), 'published'), false);
    assert.equal(canChangeRecipeStatus(bob, recipe(ana.id, 'draft'), 'submitted'), false);
    assert.equal(canChangeRecipeStatus(modo, recipe(ana.id, 'submitted'), 'published'), true);
  });
});
