// Recipes: an author writes them, reviewers (moderators, admins) move them through
// draft → submitted → published | rejected. An author's edit sends a recipe back to
// draft, so a published text never changes without a new review.

import { CoreError } from '../../../core/errors.js';
import type { User } from '../../../core/model.js';
import type { Clock } from '../../../core/ports.js';
import { assertAllowed } from '../../../core/policy.js';
import type { Recipe, RecipeRepo, RecipeStatus } from './model.js';
import { canChangeRecipeStatus, canEditRecipe, canReview, canSeeRecipe, isValidTransition } from './rules.js';

export const RECIPE_TITLE_MAX = 200;
export const RECIPE_CONTENT_MAX = 50_000;

export interface RecipeText {
  title: string;
  content: string;
}

export interface RecipeListOptions {
  status?: RecipeStatus;
  offset?: number;
  limit?: number;
}

function checkText(input: RecipeText): RecipeText {
  const fields: Record<string, string[]> = {};
  const title = input.title.trim();
  const content = input.content.trim();
  if (title.length === 0) fields.title = ['must not be empty'];
  else if (title.length > RECIPE_TITLE_MAX) fields.title = [`must be at most ${RECIPE_TITLE_MAX} characters`];
  if (content.length === 0) fields.content = ['must not be empty'];
  else if (content.length > RECIPE_CONTENT_MAX) fields.content = [`must be at most ${RECIPE_CONTENT_MAX} characters`];
  if (Object.keys(fields).length > 0) throw new CoreError('validation_failed', { fields });
  return { title, content };
}

const notFound = () => new CoreError('not_found', { resource: 'recipe' });

export class Recipes {
  constructor(
    private readonly recipes: RecipeRepo,
    private readonly clock: Clock,
  ) {}

  async create(actor: User, input: RecipeText): Promise<Recipe> {
    const text = checkText(input);
    return this.recipes.insert({ authorId: actor.id, ...text, status: 'draft' }, this.clock.now());
  }

  /** A recipe the actor may see; one they may not is reported missing, so drafts stay private. */
  async get(actor: User, id: number): Promise<Recipe> {
    const recipe = await this.recipes.findById(id);
    if (!recipe || !canSeeRecipe(actor, recipe)) throw notFound();
    return recipe;
  }

  async list(actor: User, options: RecipeListOptions = {}): Promise<Recipe[]> {
    return this.recipes.list({
      ...(options.status ? { status: options.status } : {}),
      ...(canReview(actor) ? {} : { visibleToAuthorId: actor.id }),
      offset: options.offset ?? 0,
      limit: options.limit ?? 100,
    });
  }

  async update(actor: User, id: number, input: RecipeText): Promise<Recipe> {
    const text = checkText(input);
    const recipe = await this.get(actor, id);
    assertAllowed(canEditRecipe(actor, recipe));
    const updated = await this.recipes.update(id, { ...text, status: 'draft' }, this.clock.now());
    if (!updated) throw notFound();
    return updated;
  }

  async changeStatus(actor: User, id: number, to: RecipeStatus): Promise<Recipe> {
    const recipe = await this.get(actor, id);
    assertAllowed(canChangeRecipeStatus(actor, recipe, to));
    if (!isValidTransition(recipe.status, to)) throw invalidTransition(recipe.status, to);
    // Compare-and-set: of two reviewers deciding at once, one wins and the other is told.
    const moved = await this.recipes.setStatus(id, recipe.status, to, this.clock.now());
    if (moved) return moved;
    const now = await this.recipes.findById(id);
    if (!now) throw notFound();
    throw invalidTransition(now.status, to);
  }
}

function invalidTransition(from: RecipeStatus, to: RecipeStatus): CoreError {
  const message = `cannot go from ${from} to ${to}`;
  return new CoreError('validation_failed', { fields: { status: [message] } }, message);
}
