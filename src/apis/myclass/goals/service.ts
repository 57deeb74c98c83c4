// Goals (seed 000 "objectifs"): a user's named goals, each saved whole. Saving a
// name that exists replaces that goal; the service sets the modification date.

import type { Clock } from '../../../core/ports.js';
import { NamedRecords } from '../named-records.js';
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

export class Goals extends NamedRecords<GoalFields, Goal> {
  constructor(goals: GoalStore, clock: Clock) {
    super(goals, clock, {
      resource: 'goal',
      plural: 'goals',
      maxPerUser: MAX_GOALS_PER_USER,
      check(fields, errors) {
        if (!isCalendarDate(fields.desiredDate)) errors.add('desired_date', 'must be a date written YYYY-MM-DD');
        errors.text('description', fields.description, MAX_DESCRIPTION);
        errors.text('domain', fields.domain, MAX_TEXT);
        errors.text('level', fields.level, MAX_TEXT);
      },
    });
  }
}
