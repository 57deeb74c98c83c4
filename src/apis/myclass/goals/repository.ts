// GoalRepo: a user's goals, one row per (user, name), saved whole.

import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database, Timestamp } from '../../../store/schema.js';
import { iso, toDate } from '../../../store/values.js';
import type { Goal, GoalRepo } from './model.js';

/** The `goals` table is myclass's alone (migrations/2026-11-25T11-00-create-goals-and-profiles.ts). */
export interface GoalsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  description: string | null;
  desired_date: string;
  domain: string | null;
  level: string | null;
  created_at: Timestamp;
  modified_at: Timestamp;
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

export function createGoalRepo(store: Kysely<Database>): GoalRepo {
  const db = store.withTables<{ goals: GoalsTable }>();
  return {
    async save(userId, fields, now) {
      const values = {
        description: fields.description,
        desired_date: fields.desiredDate,
        domain: fields.domain,
        level: fields.level,
        modified_at: iso(now),
      };
      const replaced = await db
        .updateTable('goals')
        .set(values)
        .where('user_id', '=', userId)
        .where('name', '=', fields.name)
        .returningAll()
        .executeTakeFirst();
      if (replaced) return { record: rowToGoal(replaced), created: false };
      // Two first saves of one name in parallel: the unique index decides, and the
      // loser replaces what the winner wrote instead of failing.
      const row = await db
        .insertInto('goals')
        .values({ user_id: userId, name: fields.name, created_at: iso(now), ...values })
        .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { record: rowToGoal(row), created: true };
    },

    async list(userId, name) {
      let select = db.selectFrom('goals').selectAll().where('user_id', '=', userId);
      if (name !== undefined) select = select.where('name', '=', name);
      // Creation order: the same on both databases, whatever their collations.
      const rows = await select.orderBy('id').execute();
      return rows.map(rowToGoal);
    },

    async count(userId) {
      const { count } = await db
        .selectFrom('goals')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}
