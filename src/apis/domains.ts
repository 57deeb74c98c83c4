// The seed APIs that own tables beside the kernel's (coinduchef's recipes, myclass's
// goals and profiles): their migrations and their services, gathered here so the
// composition root (services.ts) hands them to the store and to the plugins. The
// store and the kernel import none of this.

import type { Clock } from '../core/ports.js';
import type { MigrationSet } from '../store/migrate.js';
import type { KyselyStore } from '../store/store.js';
import { coinduchefMigrations, createCoinduchefDomain, type CoinduchefDomain } from './coinduchef/domain.js';
import { createMyclassDomain, myclassMigrations, type MyclassDomain } from './myclass/domain.js';

/** Every adapter's migrations: whoever opens the database (server, CLI, tests) runs all of them. */
export const adapterMigrations: readonly MigrationSet[] = [coinduchefMigrations, myclassMigrations];

export interface ApiDomains {
  coinduchef: CoinduchefDomain;
  myclass: MyclassDomain;
}

export function createApiDomains(store: KyselyStore, clock: Clock): ApiDomains {
  return {
    coinduchef: createCoinduchefDomain(store, clock),
    myclass: createMyclassDomain(store, clock),
  };
}
