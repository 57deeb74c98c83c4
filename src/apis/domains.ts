// The seed APIs that own tables beside the kernel's (coinduchef's recipes, myclass's
// goals and profiles): their migrations and their services, gathered here so the
// composition root (services.ts) hands them to the store and to the plugins. The
// store and the kernel import none of this.

import type { Core } from '../core/index.js';
import type { Clock } from '../core/ports.js';
import type { MigrationSet } from '../store/migrate.js';
import type { KyselyStore } from '../store/store.js';
import { coinduchefMigrations, createCoinduchefDomain, type CoinduchefDomain } from './coinduchef/domain.js';
import { createMyclassDomain, myclassMigrations, type MyclassDomain } from './myclass/domain.js';
import { createOidcDomain, oidcMigrations, type OidcDomain } from './oidc/domain.js';

/** Every adapter's migrations: whoever opens the database (server, CLI, tests) runs all of them. */
export const adapterMigrations: readonly MigrationSet[] = [coinduchefMigrations, myclassMigrations, oidcMigrations];

export interface ApiDomains {
  coinduchef: CoinduchefDomain;
  myclass: MyclassDomain;
  /** The OpenID Connect provider's clients, consents and grant links. */
  oidc: OidcDomain;
}

export function createApiDomains(store: KyselyStore, clock: Clock, core: Core): ApiDomains {
  return {
    coinduchef: createCoinduchefDomain(store, clock),
    myclass: createMyclassDomain(store, clock),
    oidc: createOidcDomain(store, core),
  };
}
