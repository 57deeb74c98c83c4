// Who may see, edit and move a recipe, by role and authorship: pure rules the
// recipe service asks before it acts.

import type { User } from '../../../core/model.js';
import { atLeast } from '../../../core/policy.js';
import type { Recipe, RecipeStatus } from './model.js';

/** Moderators and admins review recipes. */
export const canReview = (actor: User): boolean => atLeast(actor, 'MODERATOR');

/** Published recipes are for everyone signed in; the rest for their author and reviewers. */
export const canSeeRecipe = (actor: User, recipe: Recipe): boolean =>
  recipe.status === 'published' || recipe.authorId === actor.id || canReview(actor);

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
  if (canReview(actor)) return true;
  return recipe.authorId === actor.id && recipe.status === 'draft' && to === 'submitted';
}
