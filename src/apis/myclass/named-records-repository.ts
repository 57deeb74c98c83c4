// The repository half of named-records.ts, over one table per kind (goals,
// profiles) that shares the key columns: saved whole by (user, name), listed in
// creation order, counted per user.

import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database, Timestamp } from '../../store/schema.js';
import { iso } from '../../store/values.js';
import type { NamedRecordRepo } from './named-records.js';

/** The columns every named-record table has, beside the record's own. */
export interface NamedRecordKeys {
  id: Generated<number>;
  user_id: number;
  name: string;
  created_at: Timestamp;
  modified_at: Timestamp;
}

type OwnColumns = Record<string, string | number | null>;

export interface NamedRecordTable<Own extends OwnColumns, F, R> {
  name: 'goals' | 'profiles';
  /** The record's own columns from its fields (the name and dates are set here). */
  columns(fields: F): Own;
  fromRow(row: Selectable<NamedRecordKeys> & Own): R;
}

export function createNamedRecordRepo<Own extends OwnColumns, F extends { name: string }, R>(
  store: Kysely<Database>,
  table: NamedRecordTable<Own, F, R>,
): NamedRecordRepo<F, R> {
  // Kysely types the queries below against the key columns under one alias; the SQL
  // names the real table, and `returning *` brings the record's own columns too.
  const db = store.withTables<{ records: NamedRecordKeys }>();
  const records = table.name as unknown as 'records';
  const fromRow = (row: Selectable<NamedRecordKeys>) => table.fromRow(row as Selectable<NamedRecordKeys> & Own);
  return {
    async save(userId, fields, now) {
      const values = { ...table.columns(fields), modified_at: iso(now) };
      const replaced = await db
        .updateTable(records)
        .set(values)
        .where('user_id', '=', userId)
        .where('name', '=', fields.name)
        .returningAll()
        .executeTakeFirst();
      if (replaced) return { record: fromRow(replaced), created: false };
      // Two first saves of one name in parallel: the unique index decides, and the
      // loser replaces what the winner wrote instead of failing.
      const row = await db
        .insertInto(records)
        .values({ user_id: userId, name: fields.name, created_at: iso(now), ...values })
        .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { record: fromRow(row), created: true };
    },

    async list(userId, name) {
      let select = db.selectFrom(records).selectAll().where('user_id', '=', userId);
      if (name !== undefined) select = select.where('name', '=', name);
      // Creation order: the same on both databases, whatever their collations.
      const rows = await select.orderBy('id').execute();
      return rows.map(fromRow);
    },

    async count(userId) {
      const { count } = await db
        .selectFrom(records)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}
