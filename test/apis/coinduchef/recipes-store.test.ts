// coinduchef's recipe repository, over the store with coinduchef's migrations, on
// both databases: round trip, compare-and-set status, visibility filter and paging.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { coinduchefMigrations } from '../../../src/apis/coinduchef/domain.js';
import type { RecipeRepo } from '../../../src/apis/coinduchef/recipes/model.js';
import { createRecipeRepo } from '../../../src/apis/coinduchef/recipes/repository.js';
import type { User } from '../../../src/core/model.js';
import { openStore, type KyselyStore } from '../../../src/store/store.js';
import { dialects, type TestDatabase } from '../../helpers/databases.js';

const now = new Date('2026-11-25T10:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

for (const dialect of dialects) {
  describe(`recipe store on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;
    let recipes: RecipeRepo;
    let alice: User;
    let bob: User;

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url, { migrations: [coinduchefMigrations] });
      recipes = createRecipeRepo(store.db);
      alice = await store.users.insert({ email: 'alice@example.com', role: 'USER', locale: 'fr' }, now);
      bob = await store.users.insert({ email: 'bob@example.com', role: 'USER', locale: 'fr' }, now);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('insert, find, update, and a status that moves only from the expected one', async () => {
      const recipe = await recipes.insert({ authorId: alice.id, title: 'Tarte', content: 'Pâte, pommes', status: 'draft' }, now);
      assert.deepEqual(await recipes.findById(recipe.id), recipe);
      assert.deepEqual(recipe.createdAt, now);
      const updated = await recipes.update(recipe.id, { title: 'Tarte fine', content: 'Pâte', status: 'draft' }, later(5));
      assert.equal(updated?.title, 'Tarte fine');
      assert.deepEqual(updated?.updatedAt, later(5));
      assert.deepEqual(updated?.createdAt, now);
      assert.equal(await recipes.update(999_999, { title: 'x', content: 'y', status: 'draft' }, now), null);

      const moves = await Promise.all([
        recipes.setStatus(recipe.id, 'draft', 'submitted', later(6)),
        recipes.setStatus(recipe.id, 'draft', 'submitted', later(6)),
      ]);
      assert.equal(moves.filter(Boolean).length, 1, 'one of two concurrent moves wins');
      assert.equal(await recipes.setStatus(recipe.id, 'draft', 'published', later(7)), null);
      assert.equal((await recipes.findById(recipe.id))?.status, 'submitted');
      assert.equal(await recipes.findById(999_999), null);
    });

    test('listing: everything, by status, visible to an author, paged', async () => {
      const mine = await recipes.insert({ authorId: bob.id, title: 'Soupe', content: 'Eau', status: 'draft' }, now);
      const published = await recipes.insert({ authorId: alice.id, title: 'Pain', content: 'Farine', status: 'published' }, now);
      const hidden = await recipes.insert({ authorId: alice.id, title: 'Secret', content: '…', status: 'rejected' }, now);
      const all = await recipes.list({ offset: 0, limit: 100 });
      assert.ok([mine.id, published.id, hidden.id].every((id) => all.some((r) => r.id === id)));
      assert.deepEqual(all.map((r) => r.id), [...all.map((r) => r.id)].sort((a, b) => a - b));
      const forBob = await recipes.list({ visibleToAuthorId: bob.id, offset: 0, limit: 100 });
      assert.deepEqual(forBob.map((r) => r.id).sort(), [mine.id, published.id].sort());
      const rejected = await recipes.list({ status: 'rejected', offset: 0, limit: 100 });
      assert.deepEqual(rejected.map((r) => r.id), [hidden.id]);
      const page = await recipes.list({ offset: 1, limit: 1 });
      assert.deepEqual(page.map((r) => r.id), [all[1]!.id]);
    });
  });
}
