// RecipeRepo over the store's database: rows in, Recipes out through rowToRecipe.
// The `recipes` table is coinduchef's alone (migrations/2026-11-25T10-00-create-recipes.ts).

import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database, Timestamp } from '../../../store/schema.js';
import { iso, toDate } from '../../../store/values.js';
import type { Recipe, RecipeRepo, RecipeStatus } from './model.js';

export interface RecipesTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  content: string;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export function rowToRecipe(row: Selectable<RecipesTable>): Recipe {
  return {
    id: Number(row.id),
    authorId: Number(row.author_id),
    title: row.title,
    content: row.content,
    status: row.status as RecipeStatus,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function createRecipeRepo(store: Kysely<Database>): RecipeRepo {
  const db = store.withTables<{ recipes: RecipesTable }>();
  return {
    async insert(recipe, now) {
      const row = await db
        .insertInto('recipes')
        .values({
          author_id: recipe.authorId,
          title: recipe.title,
          content: recipe.content,
          status: recipe.status,
          created_at: iso(now),
          updated_at: iso(now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return rowToRecipe(row);
    },

    async findById(id) {
      const row = await db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToRecipe(row) : null;
    },

    async update(id, patch, now) {
      const row = await db
        .updateTable('recipes')
        .set({ title: patch.title, content: patch.content, status: patch.status, updated_at: iso(now) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? rowToRecipe(row) : null;
    },

    async setStatus(id, from, to, now) {
      const row = await db
        .updateTable('recipes')
        .set({ status: to, updated_at: iso(now) })
        .where('id', '=', id)
        .where('status', '=', from)
        .returningAll()
        .executeTakeFirst();
      return row ? rowToRecipe(row) : null;
    },

    async list(query) {
      let select = db.selectFrom('recipes').selectAll();
      if (query.status) select = select.where('status', '=', query.status);
      const authorId = query.visibleToAuthorId;
      if (authorId !== undefined) {
        select = select.where((eb) => eb.or([eb('status', '=', 'published'), eb('author_id', '=', authorId)]));
      }
      const rows = await select.orderBy('id').limit(query.limit).offset(query.offset).execute();
      return rows.map(rowToRecipe);
    },
  };
}
