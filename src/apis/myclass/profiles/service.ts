// "Profils temporaires" (seed 000): named study-and-experience profiles of a user,
// saved whole like goals: a name that exists is replaced.

import type { Clock } from '../../../core/ports.js';
import { NamedRecords } from '../named-records.js';
import type { Profile, ProfileFields, ProfileStore } from './model.js';

export const MAX_PROFILES_PER_USER = 50;
const MAX_TEXT = 200;
const MAX_YEARS = 80;

export class Profiles extends NamedRecords<ProfileFields, Profile> {
  constructor(profiles: ProfileStore, clock: Clock) {
    super(profiles, clock, {
      resource: 'profile',
      plural: 'profiles',
      maxPerUser: MAX_PROFILES_PER_USER,
      check(fields, errors) {
        errors.text('education_level', fields.educationLevel, MAX_TEXT);
        errors.text('field_of_study', fields.fieldOfStudy, MAX_TEXT);
        errors.text('diploma', fields.diploma, MAX_TEXT);
        errors.text('country', fields.country, MAX_TEXT);
        errors.text('experience.country', fields.experience.country, MAX_TEXT);
        errors.text('experience.position', fields.experience.position, MAX_TEXT);
        const years = fields.experience.years;
        if (years !== null && (!Number.isInteger(years) || years < 0 || years > MAX_YEARS)) {
          errors.add('experience.years', `must be a whole number from 0 to ${MAX_YEARS}`);
        }
      },
    });
  }
}
