// The OIDC provider's rows (migrations/2026-12-01T09-00-create-oidc.ts): these tables
// are the oidc adapter's alone, so they are declared here, not in store/schema.ts.

import type { Kysely } from 'kysely';
import type { Flag, NullableTimestamp, Timestamp, Database } from '../../store/schema.js';

export interface OidcClientsTable {
  client_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  public: Flag;
  first_party: Flag;
  id_token_alg: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: NullableTimestamp;
  consumed_at: NullableTimestamp;
}

export interface OidcGrantSessionsTable {
  grant_id: string;
  session_id: string;
  client_id: string;
}

export interface OidcConsentsTable {
  user_id: number;
  client_id: string;
  scope: string;
  granted_at: Timestamp;
}

export type OidcTables = {
  oidc_clients: OidcClientsTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_grant_sessions: OidcGrantSessionsTable;
  oidc_consents: OidcConsentsTable;
};

export type OidcDb = Kysely<Database & OidcTables>;

export const withOidcTables = (db: Kysely<Database>): OidcDb => db.withTables<OidcTables>();
