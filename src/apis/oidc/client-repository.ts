// OidcClientRepo: the registered relying parties (oidc_clients).

import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Kysely } from 'kysely';
import { flag, fromFlag, iso, toDate } from '../../store/values.js';
import type { IdTokenAlg, OidcClient } from './model.js';
import { withOidcTables, type OidcClientsTable } from './tables.js';

export interface OidcClientRepo {
  insert(client: OidcClient): Promise<void>;
  find(clientId: string): Promise<OidcClient | null>;
  list(): Promise<OidcClient[]>;
  update(client: OidcClient): Promise<void>;
  delete(clientId: string): Promise<boolean>;
}

function rowToClient(row: Selectable<OidcClientsTable>): OidcClient {
  return {
    clientId: row.client_id,
    name: row.name,
    secretHash: row.secret_hash,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    public: fromFlag(row.public),
    firstParty: fromFlag(row.first_party),
    idTokenAlg: row.id_token_alg as IdTokenAlg,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

const columns = (client: OidcClient) => ({
  name: client.name,
  secret_hash: client.secretHash,
  redirect_uris: JSON.stringify(client.redirectUris),
  post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
  public: flag(client.public),
  first_party: flag(client.firstParty),
  id_token_alg: client.idTokenAlg,
  updated_at: iso(client.updatedAt),
});

export function createOidcClientRepo(base: Kysely<Database>): OidcClientRepo {
  const db = withOidcTables(base);
  return {
    async insert(client) {
      await db
        .insertInto('oidc_clients')
        .values({ client_id: client.clientId, created_at: iso(client.createdAt), ...columns(client) })
        .execute();
    },
    async find(clientId) {
      const row = await db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row ? rowToClient(row) : null;
    },
    async list() {
      const rows = await db.selectFrom('oidc_clients').selectAll().orderBy('created_at').orderBy('client_id').execute();
      return rows.map(rowToClient);
    },
    async update(client) {
      await db.updateTable('oidc_clients').set(columns(client)).where('client_id', '=', client.clientId).execute();
    },
    async delete(clientId) {
      const result = await db.deleteFrom('oidc_clients').where('client_id', '=', clientId).executeTakeFirst();
      await db.deleteFrom('oidc_consents').where('client_id', '=', clientId).execute();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
