// Who may do what to a recipe, by role and ownership: coinduchef's own rules, kept
// apart from the account policy (policy.ts) so they travel with the recipes.

import type { Recipe, RecipeStatus, User } from './model.js';
import { atLeast } from './policy.js';

/** Moderators and admins review recipes. */
export const canModerate = (actor: User): boolean => atLeast(actor, 'MODERATOR');

/** Published recipes are for everyone signed in; the rest for their author and reviewers. */
export const canSeeRecipe = (actor: User, recipe: Recipe): boolean =>
  recipe.status === 'published' || recipe.authorId === actor.id || canModerate(actor);

/** Only its author edits a recipe's text. */
export const canEditRecipe = (actor: User, recipe: Recipe): boolean => recipe.authorId === actor.id;

/** The review workflow: draft → submitted → published | rejected. */
export const RECIPE_TRANSITIONS: Record<RecipeStatus, readonly RecipeStatus[]> = {
  draft: ['submitted'],
  submitted: ['published', 'rejected'],
  published: [],
  rejected: [],
};

export const isValidTransition = (from: RecipeStatus, to: RecipeStatus): boolean =>
  RECIPE_TRANSITIONS[from].includes(to);

/** Reviewers make any move; an author may only submit their own draft. */
export function canChangeRecipeStatus(actor: User, recipe: Recipe, to: RecipeStatus): boolean {
  if (canModerate(actor)) return true;
  return recipe.authorId === actor.id && recipe.status === 'draft' && to === 'submitted';
}
