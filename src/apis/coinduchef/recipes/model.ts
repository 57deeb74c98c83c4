// Recipes (seed 003): coinduchef's own domain, unknown to the kernel. An author
// writes them; reviewers move them through draft → submitted → published | rejected.

/** A recipe's review state. */
export const RECIPE_STATUSES = ['draft', 'submitted', 'published', 'rejected'] as const;
export type RecipeStatus = (typeof RECIPE_STATUSES)[number];

export interface Recipe {
  id: number;
  authorId: number;
  title: string;
  content: string;
  status: RecipeStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewRecipe {
  authorId: number;
  title: string;
  content: string;
  status: RecipeStatus;
}

export interface RecipeListQuery {
  status?: RecipeStatus;
  /** When set, only published recipes and those of this author; unset: every recipe. */
  visibleToAuthorId?: number;
  offset: number;
  limit: number;
}

/** The port the recipe service needs; repository.ts implements it over the store's database. */
export interface RecipeRepo {
  insert(recipe: NewRecipe, now: Date): Promise<Recipe>;
  findById(id: number): Promise<Recipe | null>;
  /** Replaces title, content and status; null when the recipe does not exist. */
  update(id: number, patch: Pick<Recipe, 'title' | 'content' | 'status'>, now: Date): Promise<Recipe | null>;
  /** Moves the status only if it is still `from` (compare-and-set); null otherwise. */
  setStatus(id: number, from: RecipeStatus, to: RecipeStatus, now: Date): Promise<Recipe | null>;
  /** Ordered by id. */
  list(query: RecipeListQuery): Promise<Recipe[]>;
}
