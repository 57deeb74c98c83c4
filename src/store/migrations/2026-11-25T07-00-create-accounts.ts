// Accounts, credentials, sessions, refresh tokens, one-time tokens, signing keys,
// audit events. Frozen once landed: schema changes go in a new migration.

import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

export function createAccounts(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await t
        .addIdColumn(db.schema.createTable('users'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_normalized', 'text', (c) => c.notNull())
        .addColumn('email_verified_at', t.timestamp)
        .addColumn('username', 'text')
        .addColumn('username_normalized', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('title', 'text')
        .addColumn('phone', 'text')
        .addColumn('birthdate', dialect === 'sqlite' ? 'text' : 'date')
        .addColumn('address_street', 'text')
        .addColumn('address_city', 'text')
        .addColumn('address_zip', 'text')
        .addColumn('address_country', 'text')
        .addColumn('social_facebook', 'text')
        .addColumn('social_twitter', 'text')
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('USER', 'MODERATOR', 'ADMIN')`))
        .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('fr', 'en', 'es', 'de')`))
        .addColumn('dark_mode', t.flag, (c) => c.notNull().defaultTo(t.falseValue))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('deleted_at', t.timestamp)
        .execute();
      await db.schema.createIndex('users_email_normalized_unique').unique().on('users').column('email_normalized').execute();
      await db.schema
        .createIndex('users_username_normalized_unique')
        .unique()
        .on('users')
        .column('username_normalized')
        .execute();
      await db.schema.createIndex('users_role_id').on('users').columns(['role', 'id']).execute();

      await db.schema
        .createTable('credentials')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('api', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('idle_timeout_seconds', 'integer', (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('remember', t.flag, (c) => c.notNull().defaultTo(t.falseValue))
        .addColumn('revoked_at', t.timestamp)
        .addColumn('user_agent', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .execute();
      await db.schema.createIndex('refresh_tokens_session_id').on('refresh_tokens').column('session_id').execute();

      await db.schema
        .createTable('one_time_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .execute();
      await db.schema.createIndex('one_time_tokens_user_id').on('one_time_tokens').column('user_id').execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('retired_at', t.timestamp)
        .execute();

      // No foreign keys: the trail outlives what it talks about.
      await t
        .addIdColumn(db.schema.createTable('audit_events'))
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'integer')
        .addColumn('target_user_id', 'integer')
        .addColumn('api', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_events_target_user_id')
        .on('audit_events')
        .columns(['target_user_id', 'id'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      for (const table of [
        'audit_events',
        'signing_keys',
        'one_time_tokens',
        'refresh_tokens',
        'sessions',
        'credentials',
        'users',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
