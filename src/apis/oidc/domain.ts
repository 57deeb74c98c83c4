// What the OIDC provider owns beside the kernel: its tables (migration), the
// relying parties and consents, the link between grants and Sésame sessions, and
// the key that signs its cookies. The composition root (src/apis/domains.ts) wires it.

import { randomBytes } from 'node:crypto';
import type { Core } from '../../core/index.js';
import type { MigrationSet } from '../../store/migrate.js';
import type { KyselyStore } from '../../store/store.js';
import { createOidcClientRepo, type OidcClientRepo } from './client-repository.js';
import { createOidcGrantRepo, type OidcGrantRepo } from './grant-repository.js';
import { createOidc } from './migrations/2026-12-01T09-00-create-oidc.js';
import type { GrantLinks } from './provider-storage.js';
import { RelyingParties } from './relying-parties.js';
import { withOidcTables, type OidcDb } from './tables.js';

export const oidcMigrations: MigrationSet = (dialect) => ({
  '2026-12-01T09-00-create-oidc': createOidc(dialect),
});

export interface OidcDomain {
  db: OidcDb;
  clients: OidcClientRepo;
  grants: OidcGrantRepo;
  relyingParties: RelyingParties;
  links: GrantLinks;
  /** The keys of the provider's signed cookies, the same in every process. */
  cookieKeys(): Promise<string[]>;
}

const COOKIE_KEY_CONTEXT = 'oidc_cookie_key';

export function createOidcDomain(store: KyselyStore, core: Core): OidcDomain {
  const db = withOidcTables(store.db);
  const clients = createOidcClientRepo(store.db);
  const grants = createOidcGrantRepo(store.db);
  const { sessions } = core;
  const links: GrantLinks = {
    async isLive(grantId) {
      const sessionId = await grants.sessionOf(grantId);
      if (!sessionId) return false;
      try {
        await sessions.validate(sessionId);
        return true;
      } catch {
        return false;
      }
    },
    async ended(grantId) {
      const sessionId = await grants.sessionOf(grantId);
      if (sessionId) await sessions.revoke(sessionId, null, null);
      await grants.unlink(grantId);
    },
    clientById: (clientId) => clients.find(clientId),
  };
  return {
    db,
    clients,
    grants,
    relyingParties: new RelyingParties(clients, grants, sessions, core.deps.clock),
    links,
    async cookieKeys() {
      const box = core.deps.secrets;
      const fresh = box.seal(randomBytes(32).toString('base64url'), COOKIE_KEY_CONTEXT);
      await db
        .insertInto('oidc_payloads')
        .values({ model: 'CookieKey', id: 'current', payload: fresh, grant_id: null, uid: null, user_code: null, expires_at: null, consumed_at: null })
        .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
        .execute();
      const row = await db
        .selectFrom('oidc_payloads')
        .select('payload')
        .where('model', '=', 'CookieKey')
        .where('id', '=', 'current')
        .executeTakeFirstOrThrow();
      return [box.open(row.payload, COOKIE_KEY_CONTEXT)];
    },
  };
}
