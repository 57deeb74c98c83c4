// Checks on profile fields shared by every API: whatever wire format they came in.

import { CoreError } from './errors.js';
import { LOCALES, type ProfilePatch } from './model.js';

const MAX_TEXT = 200;

export function isValidBirthdate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() <= Date.now();
}

/** Throws validation_failed listing every bad field (core field names). */
export function assertValidProfile(patch: ProfilePatch): void {
  const fields: Record<string, string[]> = {};
  const bad = (field: string, message: string) => (fields[field] ??= []).push(message);
  const texts: [string, string | null | undefined][] = [
    ['username', patch.username],
    ['first_name', patch.firstName],
    ['last_name', patch.lastName],
    ['title', patch.title],
    ['phone', patch.phone],
    ['address.street', patch.address?.street],
    ['address.city', patch.address?.city],
    ['address.zip', patch.address?.zip],
    ['address.country', patch.address?.country],
    ['social.facebook', patch.social?.facebook],
    ['social.twitter', patch.social?.twitter],
  ];
  for (const [field, value] of texts) {
    if (typeof value === 'string' && value.length > MAX_TEXT) bad(field, `must be at most ${MAX_TEXT} characters`);
  }
  if (typeof patch.username === 'string' && !/^[\p{L}\p{N}._-]{2,64}$/u.test(patch.username)) {
    bad('username', 'must be 2 to 64 letters, digits, dots, dashes or underscores');
  }
  if (typeof patch.birthdate === 'string' && !isValidBirthdate(patch.birthdate)) {
    bad('birthdate', 'must be a past date written YYYY-MM-DD');
  }
  if (patch.locale !== undefined && !LOCALES.includes(patch.locale)) {
    bad('locale', `must be one of ${LOCALES.join(', ')}`);
  }
  if (Object.keys(fields).length > 0) throw new CoreError('validation_failed', { fields });
}
