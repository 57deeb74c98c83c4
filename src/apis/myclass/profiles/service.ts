// "Profils temporaires" (seed 000): named study-and-experience profiles of a user,
// saved whole like goals: a name that exists is replaced.

import { CoreError } from '../../../core/errors.js';
import type { Clock } from '../../../core/ports.js';
import { FieldErrors } from '../field-errors.js';
import type { Profile, ProfileFields, ProfileStore } from './model.js';

export const MAX_PROFILES_PER_USER = 50;
const MAX_TEXT = 200;
const MAX_YEARS = 80;

export class Profiles {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly clock: Clock,
  ) {}

  async save(userId: number, fields: ProfileFields): Promise<{ profile: Profile; created: boolean }> {
    const errors = new FieldErrors();
    errors.name('name', fields.name);
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
    errors.throwIfAny();
    const clean: ProfileFields = { ...fields, name: fields.name.trim() };
    return this.profiles.transaction(async (profiles) => {
      const existing = await profiles.list(userId, clean.name);
      if (existing.length === 0 && (await profiles.count(userId)) >= MAX_PROFILES_PER_USER) {
        throw new CoreError('validation_failed', {
          fields: { name: [`a user has at most ${MAX_PROFILES_PER_USER} profiles`] },
        });
      }
      return profiles.save(userId, clean, this.clock.now());
    });
  }

  async list(userId: number, name?: string): Promise<Profile[]> {
    const wanted = name?.trim();
    const profiles = await this.profiles.list(userId, wanted || undefined);
    if (wanted && profiles.length === 0) throw new CoreError('not_found', { resource: 'profile' });
    return profiles;
  }
}
