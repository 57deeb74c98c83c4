// Who may do what to an account or a recipe, by role and ownership: pure rules any
// API can ask before it acts. The services that act (user-management.ts,
// recipes.ts) call these, so an API cannot forget a check by calling them directly.

import { invalidField } from './errors.js';
import type { Recipe, RecipeStatus, Role, User } from './model.js';
import { atLeast, isAdmin } from './roles.js';

/** Moderators and admins review recipes. */
export const canModerate = (actor: User): boolean => atLeast(actor, 'MODERATOR');

/** Listing, creating and deleting other accounts is for admins. */
export const canManageUsers = (actor: User): boolean => isAdmin(actor);

/** A user reads their own account; an admin reads any. */
export const canReadUser = (actor: User, targetId: number): boolean => isAdmin(actor) || actor.id === targetId;

/**
 * A user updates their own account but not their role; an admin updates any
 * account, role included (the last-admin rule is checked where the write happens).
 */
export function canUpdateUser(actor: User, target: User, patch: { role?: Role }): boolean {
  if (isAdmin(actor)) return true;
  if (actor.id !== target.id) return false;
  return patch.role === undefined || patch.role === target.role;
}

/** Roles a person may pick for themselves when signing up: admins are made internally. */
export function assertSelfAssignableRole(role: Role): void {
  if (role === 'ADMIN') throw invalidField('role', 'the ADMIN role cannot be chosen at sign-up');
}

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
