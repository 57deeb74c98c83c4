// The Sésame session behind each OIDC grant (oidc_grant_sessions) and the consents
// users gave (oidc_consents).

import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { iso, toDate } from '../../store/values.js';
import type { OidcConsent } from './model.js';
import { withOidcTables } from './tables.js';

export interface OidcGrantRepo {
  link(grantId: string, sessionId: string, clientId: string): Promise<void>;
  sessionOf(grantId: string): Promise<string | null>;
  unlink(grantId: string): Promise<void>;
  consent(userId: number, clientId: string): Promise<string[]>;
  saveConsent(userId: number, clientId: string, scopes: string[], at: Date): Promise<void>;
  consents(userId: number): Promise<OidcConsent[]>;
  revokeConsent(userId: number, clientId: string): Promise<boolean>;
  /** The grants of a user's sessions with one client (ended with the consent). */
  grantsOf(userId: number, clientId: string): Promise<string[]>;
}

export function createOidcGrantRepo(base: Kysely<Database>): OidcGrantRepo {
  const db = withOidcTables(base);
  return {
    async link(grantId, sessionId, clientId) {
      await db.insertInto('oidc_grant_sessions').values({ grant_id: grantId, session_id: sessionId, client_id: clientId }).execute();
    },
    async sessionOf(grantId) {
      const row = await db.selectFrom('oidc_grant_sessions').select('session_id').where('grant_id', '=', grantId).executeTakeFirst();
      return row?.session_id ?? null;
    },
    async unlink(grantId) {
      await db.deleteFrom('oidc_grant_sessions').where('grant_id', '=', grantId).execute();
    },
    async consent(userId, clientId) {
      const row = await db
        .selectFrom('oidc_consents')
        .select('scope')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row ? row.scope.split(' ').filter(Boolean) : [];
    },
    async saveConsent(userId, clientId, scopes, at) {
      const values = { scope: scopes.join(' '), granted_at: iso(at) };
      await db
        .insertInto('oidc_consents')
        .values({ user_id: userId, client_id: clientId, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'client_id']).doUpdateSet(values))
        .execute();
    },
    async consents(userId) {
      const rows = await db
        .selectFrom('oidc_consents')
        .innerJoin('oidc_clients', 'oidc_clients.client_id', 'oidc_consents.client_id')
        .select(['oidc_consents.client_id', 'oidc_clients.name', 'oidc_consents.scope', 'oidc_consents.granted_at'])
        .where('oidc_consents.user_id', '=', userId)
        .orderBy('oidc_consents.granted_at', 'desc')
        .execute();
      return rows.map((row) => ({
        clientId: row.client_id,
        clientName: row.name,
        scopes: row.scope.split(' ').filter(Boolean),
        grantedAt: toDate(row.granted_at),
      }));
    },
    async revokeConsent(userId, clientId) {
      const result = await db
        .deleteFrom('oidc_consents')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async grantsOf(userId, clientId) {
      const rows = await db
        .selectFrom('oidc_grant_sessions')
        .innerJoin('sessions', 'sessions.id', 'oidc_grant_sessions.session_id')
        .select('oidc_grant_sessions.grant_id')
        .where('sessions.user_id', '=', userId)
        .where('oidc_grant_sessions.client_id', '=', clientId)
        .execute();
      return rows.map((row) => row.grant_id);
    },
  };
}
