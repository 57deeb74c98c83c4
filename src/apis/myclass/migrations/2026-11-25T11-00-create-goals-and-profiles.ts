// Goals and "profils temporaires" of seed 000 (myclass): one row per name and user.
// Frozen once landed: schema changes go in a new migration.

import type { Kysely } from 'kysely';
import type { DialectName } from '../../../store/database.js';
import { columnTypes } from '../../../store/migrations/column-types.js';

export function createGoalsAndProfiles(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await t
        .addIdColumn(db.schema.createTable('goals'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('desired_date', dialect === 'sqlite' ? 'text' : 'date', (c) => c.notNull())
        .addColumn('domain', 'text')
        .addColumn('level', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('modified_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('goals_user_id_name_unique').unique().on('goals').columns(['user_id', 'name']).execute();

      await t
        .addIdColumn(db.schema.createTable('profiles'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('education_level', 'text')
        .addColumn('field_of_study', 'text')
        .addColumn('diploma', 'text')
        .addColumn('country', 'text')
        .addColumn('experience_country', 'text')
        .addColumn('experience_position', 'text')
        .addColumn('experience_years', 'integer')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('modified_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('profiles_user_id_name_unique')
        .unique()
        .on('profiles')
        .columns(['user_id', 'name'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('profiles').execute();
      await db.schema.dropTable('goals').execute();
    },
  };
}
