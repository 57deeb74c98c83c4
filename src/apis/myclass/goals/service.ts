// Goals (seed 000 "objectifs"): a user's named goals, each saved whole. Saving a
// name that exists replaces that goal; the service sets the modification date.

import { CoreError } from '../../../core/errors.js';
import type { Clock } from '../../../core/ports.js';
import { FieldErrors } from '../field-errors.js';
import type { Goal, GoalFields, GoalStore } from './model.js';

/** Enough for any real plan, and a bound on what one account can store. */
export const MAX_GOALS_PER_USER = 100;
const MAX_TEXT = 200;
const MAX_DESCRIPTION = 4000;

/** A real calendar date written YYYY-MM-DD (no "2026-02-30"). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export class Goals {
  constructor(
    private readonly goals: GoalStore,
    private readonly clock: Clock,
  ) {}

  /** Creates the goal `fields.name` of the user, or replaces it; says which. */
  async save(userId: number, fields: GoalFields): Promise<{ goal: Goal; created: boolean }> {
    const errors = new FieldErrors();
    errors.name('name', fields.name);
    if (!isCalendarDate(fields.desiredDate)) errors.add('desired_date', 'must be a date written YYYY-MM-DD');
    errors.text('description', fields.description, MAX_DESCRIPTION);
    errors.text('domain', fields.domain, MAX_TEXT);
    errors.text('level', fields.level, MAX_TEXT);
    errors.throwIfAny();
    const clean: GoalFields = { ...fields, name: fields.name.trim() };
    return this.goals.transaction(async (goals) => {
      const existing = await goals.list(userId, clean.name);
      if (existing.length === 0 && (await goals.count(userId)) >= MAX_GOALS_PER_USER) {
        throw new CoreError('validation_failed', {
          fields: { name: [`a user has at most ${MAX_GOALS_PER_USER} goals`] },
        });
      }
      return goals.save(userId, clean, this.clock.now());
    });
  }

  /** Every goal of the user, or only the one named (not_found when it does not exist). */
  async list(userId: number, name?: string): Promise<Goal[]> {
    const wanted = name?.trim();
    const goals = await this.goals.list(userId, wanted || undefined);
    if (wanted && goals.length === 0) throw new CoreError('not_found', { resource: 'goal' });
    return goals;
  }
}
