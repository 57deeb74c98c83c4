// oidc-provider's storage (its Adapter interface) over Kysely, on SQLite and
// PostgreSQL: one row per (model, id) with the payload as JSON. Registered clients
// come from oidc_clients instead. A token, code or grant whose Sésame session has
// ended is not found, so logout, a password change, an admin delete or an account
// deletion end the OIDC grant at once, whichever path ended the session.

import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/ports.js';
import { iso, isoOrNull, toDate } from '../../store/values.js';
import type { OidcClient } from './model.js';
import type { OidcDb } from './tables.js';

export interface GrantLinks {
  /** False when the grant's Sésame session has ended (revoked, expired, user deleted). */
  isLive(grantId: string): Promise<boolean>;
  /** The provider ended a grant (logout, refresh-token reuse, revocation): end its session too. */
  ended(grantId: string): Promise<void>;
  clientById(clientId: string): Promise<OidcClient | null>;
}

/** The metadata oidc-provider validates; the secret is its hash (see provider.ts, compareClientSecret). */
export function clientMetadata(client: OidcClient): AdapterPayload {
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.secretHash ? { client_secret: client.secretHash } : {}),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: client.public ? ['authorization_code', 'refresh_token'] : ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_method: client.public ? 'none' : 'client_secret_basic',
    id_token_signed_response_alg: client.idTokenAlg,
  };
}

const GRANT_BOUND = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode', 'Grant', 'BackchannelAuthenticationRequest', 'DeviceCode']);

export function providerStorage(db: OidcDb, clock: Clock, links: GrantLinks) {
  return class KyselyAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: this.model === 'Grant' ? id : (payload.grantId ?? null),
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresIn ? iso(new Date(clock.now().getTime() + expiresIn * 1000)) : null,
      };
      await db
        .insertInto('oidc_payloads')
        .values({ model: this.model, id, consumed_at: null, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await links.clientById(id);
        return client ? clientMetadata(client) : undefined;
      }
      return this.findWhere('id', id);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('uid', uid);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('user_code', userCode);
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oidc_payloads')
        .selectAll()
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.expires_at && toDate(row.expires_at) <= clock.now()) return undefined;
      if (row.grant_id && GRANT_BOUND.has(this.model) && !(await links.isLive(row.grant_id))) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumed_at ? { ...payload, consumed: Math.floor(toDate(row.consumed_at).getTime() / 1000) } : payload;
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: isoOrNull(clock.now()) })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
      if (this.model === 'Grant') await links.ended(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
      await links.ended(grantId);
    }
  };
}
