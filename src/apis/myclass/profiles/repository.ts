// ProfileRepo: a user's "profils temporaires", one row per (user, name), saved whole.

import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database, Timestamp } from '../../../store/schema.js';
import { iso, toDate } from '../../../store/values.js';
import type { Profile, ProfileRepo } from './model.js';

/** The `profiles` table is myclass's alone (migrations/2026-11-25T11-00-create-goals-and-profiles.ts). */
export interface ProfilesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  education_level: string | null;
  field_of_study: string | null;
  diploma: string | null;
  country: string | null;
  experience_country: string | null;
  experience_position: string | null;
  experience_years: number | null;
  created_at: Timestamp;
  modified_at: Timestamp;
}

export function rowToProfile(row: Selectable<ProfilesTable>): Profile {
  return {
    userId: Number(row.user_id),
    name: row.name,
    educationLevel: row.education_level,
    fieldOfStudy: row.field_of_study,
    diploma: row.diploma,
    country: row.country,
    experience: {
      country: row.experience_country,
      position: row.experience_position,
      years: row.experience_years === null ? null : Number(row.experience_years),
    },
    createdAt: toDate(row.created_at),
    modifiedAt: toDate(row.modified_at),
  };
}

export function createProfileRepo(store: Kysely<Database>): ProfileRepo {
  const db = store.withTables<{ profiles: ProfilesTable }>();
  return {
    async save(userId, fields, now) {
      const values = {
        education_level: fields.educationLevel,
        field_of_study: fields.fieldOfStudy,
        diploma: fields.diploma,
        country: fields.country,
        experience_country: fields.experience.country,
        experience_position: fields.experience.position,
        experience_years: fields.experience.years,
        modified_at: iso(now),
      };
      const replaced = await db
        .updateTable('profiles')
        .set(values)
        .where('user_id', '=', userId)
        .where('name', '=', fields.name)
        .returningAll()
        .executeTakeFirst();
      if (replaced) return { record: rowToProfile(replaced), created: false };
      // A parallel first save of the same name replaces instead of failing.
      const row = await db
        .insertInto('profiles')
        .values({ user_id: userId, name: fields.name, created_at: iso(now), ...values })
        .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { record: rowToProfile(row), created: true };
    },

    async list(userId, name) {
      let select = db.selectFrom('profiles').selectAll().where('user_id', '=', userId);
      if (name !== undefined) select = select.where('name', '=', name);
      // Creation order: the same on both databases, whatever their collations.
      const rows = await select.orderBy('id').execute();
      return rows.map(rowToProfile);
    },

    async count(userId) {
      const { count } = await db
        .selectFrom('profiles')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}
