// GoalRepo: a user's goals, one row per (user, name), saved whole
// (named-records-repository.ts); here, the table and its columns.

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { toDate } from '../../../store/values.js';
import { createNamedRecordRepo, type NamedRecordKeys } from '../named-records-repository.js';
import type { Goal, GoalFields, GoalRepo } from './model.js';

/** The `goals` table is myclass's alone (migrations/2026-11-25T11-00-create-goals-and-profiles.ts). */
export interface GoalsTable extends NamedRecordKeys {
  description: string | null;
  desired_date: string;
  domain: string | null;
  level: string | null;
}

export function rowToGoal(row: Selectable<GoalsTable>): Goal {
  return {
    userId: Number(row.user_id),
    name: row.name,
    description: row.description,
    desiredDate: row.desired_date,
    domain: row.domain,
    level: row.level,
    createdAt: toDate(row.created_at),
    modifiedAt: toDate(row.modified_at),
  };
}

export const createGoalRepo = (store: Kysely<Database>): GoalRepo =>
  createNamedRecordRepo(store, {
    name: 'goals',
    columns: (fields: GoalFields): Pick<GoalsTable, 'description' | 'desired_date' | 'domain' | 'level'> => ({
      description: fields.description,
      desired_date: fields.desiredDate,
      domain: fields.domain,
      level: fields.level,
    }),
    fromRow: rowToGoal,
  });
