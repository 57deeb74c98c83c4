// Coin du Chef's ids: an account imported from it keeps its id here (core/legacy-ids.ts).

import type { Core } from '../../core/index.js';
import type { Recipe } from './recipes/model.js';

export const coinduchefIds = (core: Core) => core.legacyIds.forApi('coinduchef');

/** Recipes with their author's id as this API shows it (auteur_id). */
export async function showAuthors(core: Core, recipes: Recipe[]): Promise<Recipe[]> {
  const authors = await coinduchefIds(core).showAll(recipes.map((r) => ({ id: r.authorId })));
  return recipes.map((recipe, i) => ({ ...recipe, authorId: authors[i]!.id }));
}

export const showAuthor = async (core: Core, recipe: Recipe): Promise<Recipe> => (await showAuthors(core, [recipe]))[0]!;
