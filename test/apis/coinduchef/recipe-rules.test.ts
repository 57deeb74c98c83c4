// coinduchef's recipe rules (src/apis/coinduchef/recipes/rules.ts): pure functions, no database.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Recipe, RecipeStatus } from '../../../src/apis/coinduchef/recipes/model.js';
import {
  canChangeRecipeStatus,
  canEditRecipe,
  canReview,
  canSeeRecipe,
  isValidTransition,
} from '../../../src/apis/coinduchef/recipes/rules.js';
import { userWithRole as user } from '../../helpers/users.js';

const at = new Date('2026-11-25T10:00:00Z');
const recipe = (authorId: number, status: RecipeStatus): Recipe => ({
  id: 1, authorId, title: 't', content: 'c', status, createdAt: at, updatedAt: at,
});

const admin = user(1, 'ADMIN');
const modo = user(2, 'MODERATOR');
const ana = user(3, 'USER');
const bob = user(4, 'USER');

describe('recipe rules', () => {
  test('recipes: the workflow, who sees, who edits, who moves', () => {
    assert.deepEqual([admin, modo, ana].map(canReview), [true, true, false]);
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
