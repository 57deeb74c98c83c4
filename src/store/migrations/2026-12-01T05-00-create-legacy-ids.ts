// The id each legacy API shows for an imported account (issue 17). One row per
// (api, legacy id); an account has at most one id per API. Frozen once landed.

import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export function createLegacyIds(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('legacy_ids')
        .addColumn('api', 'text', (c) => c.notNull())
        .addColumn('legacy_id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('legacy_ids_pk', ['api', 'legacy_id'])
        .addUniqueConstraint('legacy_ids_api_user_unique', ['api', 'user_id'])
        .execute();
      await db.schema.createIndex('legacy_ids_user_id').on('legacy_ids').column('user_id').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('legacy_ids').execute();
    },
  };
}
