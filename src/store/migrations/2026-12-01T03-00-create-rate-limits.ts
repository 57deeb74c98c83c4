// The per-IP (and per-account) budgets: one row per key and window, in the layout
// rate-limiter-flexible's SQLite and PostgreSQL stores read and write (key, points,
// expire in epoch milliseconds), so the library and the store's own in-transaction
// count (the refresh grant) share one table. Created here, not by the library, so
// `sesame migrate`, `sesame copy` and the down migrations know it. Frozen once landed.

import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export function createRateLimits(dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('rate_limits')
        // The library's own PostgreSQL table uses varchar(255); SQLite's text has no length.
        .addColumn('key', dialect === 'postgres' ? 'varchar(255)' : 'text', (column) => column.primaryKey())
        .addColumn('points', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('expire', 'bigint')
        .execute();
      // No index on expire: every count rewrites it (an upsert sets the column even
      // unchanged), and the sweep of expired rows runs every few minutes.
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('rate_limits').execute();
    },
  };
}
