// Emails are compared after trimming, Unicode NFC normalisation and lower-casing,
// so "  Ana@Example.COM" and "ana@example.com" are one account.

import { invalidField } from './errors.js';

export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

// Deliberately permissive (RFC 5321 lengths, one @, a dotted domain): the mail
// round trip is the real proof that an address works.
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/u;

export function isValidEmail(email: string): boolean {
  const normalized = normalizeEmail(email);
  return normalized.length <= 254 && EMAIL_SHAPE.test(normalized);
}

/** Returns the normalised email or throws validation_failed on `field`. */
export function requireValidEmail(email: string, field = 'email'): string {
  if (!isValidEmail(email)) throw invalidField(field, 'must be a valid email address');
  return normalizeEmail(email);
}
