// What myclass owns beside the kernel: the goals and profiles tables (their
// migration), their repositories and services. The composition root
// (src/apis/domains.ts) wires them in.

import type { Clock } from '../../core/ports.js';
import type { MigrationSet } from '../../store/migrate.js';
import type { KyselyStore } from '../../store/store.js';
import { createGoalRepo } from './goals/repository.js';
import { Goals } from './goals/service.js';
import { createGoalsAndProfiles } from './migrations/2026-11-25T11-00-create-goals-and-profiles.js';
import { createProfileRepo } from './profiles/repository.js';
import { Profiles } from './profiles/service.js';

/** Frozen names: databases that ran them before they moved here must not run them again. */
export const myclassMigrations: MigrationSet = (dialect) => ({
  '2026-11-25T11-00-create-goals-and-profiles': createGoalsAndProfiles(dialect),
});

export interface MyclassDomain {
  goals: Goals;
  profiles: Profiles;
}

export function createMyclassDomain(store: KyselyStore, clock: Clock): MyclassDomain {
  return {
    goals: new Goals(store.adapterRepos(createGoalRepo), clock),
    profiles: new Profiles(store.adapterRepos(createProfileRepo), clock),
  };
}
