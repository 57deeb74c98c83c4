// ProfileRepo: a user's "profils temporaires", one row per (user, name), saved
// whole (named-records-repository.ts); here, the table and its columns.

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { toDate } from '../../../store/values.js';
import { createNamedRecordRepo, type NamedRecordKeys } from '../named-records-repository.js';
import type { Profile, ProfileFields, ProfileRepo } from './model.js';

/** The `profiles` table is myclass's alone (migrations/2026-11-25T11-00-create-goals-and-profiles.ts). */
export interface ProfilesTable extends NamedRecordKeys {
  education_level: string | null;
  field_of_study: string | null;
  diploma: string | null;
  country: string | null;
  experience_country: string | null;
  experience_position: string | null;
  experience_years: number | null;
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

type ProfileColumns = Pick<
  ProfilesTable,
  'education_level' | 'field_of_study' | 'diploma' | 'country' | 'experience_country' | 'experience_position' | 'experience_years'
>;

export const createProfileRepo = (store: Kysely<Database>): ProfileRepo =>
  createNamedRecordRepo(store, {
    name: 'profiles',
    columns: (fields: ProfileFields): ProfileColumns => ({
      education_level: fields.educationLevel,
      field_of_study: fields.fieldOfStudy,
      diploma: fields.diploma,
      country: fields.country,
      experience_country: fields.experience.country,
      experience_position: fields.experience.position,
      experience_years: fields.experience.years,
    }),
    fromRow: rowToProfile,
  });
