// Recipes (coinduchef, seed 003): an author's text and its review status.
// Frozen once landed: schema changes go in a new migration.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../../store/database.js';
import { columnTypes } from '../../../store/migrations/column-types.js';

export function createRecipes(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await t
        .addIdColumn(db.schema.createTable('recipes'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('draft', 'submitted', 'published', 'rejected')`),
        )
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recipes_author_id_id').on('recipes').columns(['author_id', 'id']).execute();
      await db.schema.createIndex('recipes_status_id').on('recipes').columns(['status', 'id']).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('recipes').execute();
    },
  };
}
