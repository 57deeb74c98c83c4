// What coinduchef owns beside the kernel: the recipes table (its migration) and the
// recipe service over it. The composition root (src/apis/domains.ts) wires both in.

import type { Clock } from '../../core/ports.js';
import type { MigrationSet } from '../../store/migrate.js';
import type { KyselyStore } from '../../store/store.js';
import { createRecipes } from './migrations/2026-11-25T10-00-create-recipes.js';
import { createRecipeRepo } from './recipes/repository.js';
import { Recipes } from './recipes/service.js';

/** Frozen names: databases that ran them before they moved here must not run them again. */
export const coinduchefMigrations: MigrationSet = (dialect) => ({
  '2026-11-25T10-00-create-recipes': createRecipes(dialect),
});

export interface CoinduchefDomain {
  recipes: Recipes;
}

export function createCoinduchefDomain(store: KyselyStore, clock: Clock): CoinduchefDomain {
  return { recipes: new Recipes(createRecipeRepo(store.db), clock) };
}
