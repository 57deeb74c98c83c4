// The OpenID Connect provider's tables (issue 22). Frozen once landed.
// - oidc_clients: registered relying parties; the secret is kept as a SHA-256 hash.
// - oidc_payloads: oidc-provider's own storage (codes, tokens, grants, sessions,
//   interactions), one JSON payload per (model, id), with the columns it looks up by.
// - oidc_grant_sessions: the Sésame session behind each grant, so ending one ends the other.
// - oidc_consents: scopes a user granted a client, remembered until revoked.

import type { Kysely } from 'kysely';
import type { DialectName } from '../../../store/database.js';
import { columnTypes } from '../../../store/migrations/column-types.js';

export function createOidc(dialect: DialectName) {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('oidc_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text')
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('public', t.flag, (c) => c.notNull())
        .addColumn('first_party', t.flag, (c) => c.notNull())
        .addColumn('id_token_alg', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('oidc_payloads')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('uid', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', t.timestamp)
        .addColumn('consumed_at', t.timestamp)
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_grant_id').on('oidc_payloads').column('grant_id').execute();
      await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').columns(['model', 'uid']).execute();
      await db.schema.createIndex('oidc_payloads_expires_at').on('oidc_payloads').column('expires_at').execute();

      await db.schema
        .createTable('oidc_grant_sessions')
        .addColumn('grant_id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('oidc_grant_sessions_session').on('oidc_grant_sessions').column('session_id').execute();

      await db.schema
        .createTable('oidc_consents')
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('granted_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_consents_pk', ['user_id', 'client_id'])
        .execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['oidc_consents', 'oidc_grant_sessions', 'oidc_payloads', 'oidc_clients']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
