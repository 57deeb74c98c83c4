// A small Laravel validator: each field has a list of rules, every field is
// checked, and the failures come back as Laravel's {field: [messages]} in the
// caller's locale. Routes validate with this rather than with Ajv so that the
// 422 bodies read exactly like those of the Laravel back end the CRDM front end
// was written against.

import { isValidEmail } from '../../core/email.js';
import type { Locale } from '../../core/model.js';
import { fieldMessage, type MessageKey } from './messages.js';

export type Rule =
  | 'required'
  /** Only checked when present (PATCH). */
  | 'sometimes'
  | 'nullable'
  | 'string'
  | 'boolean'
  | 'email'
  | 'confirmed'
  | { max: number }
  | { in: readonly string[] };

export type Rules = Record<string, Rule[]>;

/** A 422 in Laravel's shape, thrown by a route and rendered by the error handler. */
export class ValidationFailed extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('validation failed');
    this.name = 'ValidationFailed';
  }
}


/** Laravel's `boolean` rule: true, false, 1, 0, "1", "0" (and form "true"/"false"). */
export function toBoolean(value: unknown): boolean | null {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return null;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Checks `input` against `rules`; returns the input's values for the ruled fields. */
export function validate(input: unknown, rules: Rules, locale: Locale): Record<string, unknown> {
  const body: Record<string, unknown> =
    input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const errors: Record<string, string[]> = {};
  const fail = (field: string, key: MessageKey, replacements: Record<string, string | number> = {}) =>
    (errors[field] ??= []).push(fieldMessage(locale, key, field, replacements));

  for (const [field, fieldRules] of Object.entries(rules)) {
    const present = Object.prototype.hasOwnProperty.call(body, field);
    const value = body[field];
    if (fieldRules.includes('sometimes') && !present) continue;
    if (isEmpty(value)) {
      if (fieldRules.includes('required')) fail(field, 'required');
      continue;
    }
    for (const rule of fieldRules) {
      if (rule === 'string' && typeof value !== 'string') {
        fail(field, 'string');
        break;
      }
      if (rule === 'boolean' && toBoolean(value) === null) fail(field, 'boolean');
      if (rule === 'email' && (typeof value !== 'string' || !isValidEmail(value))) {
        fail(field, 'email');
      }
      if (rule === 'confirmed' && body[`${field}_confirmation`] !== value) fail(field, 'confirmed');
      if (typeof rule === 'object' && 'max' in rule && typeof value === 'string' && [...value].length > rule.max) {
        fail(field, 'max', { max: rule.max });
      }
      if (typeof rule === 'object' && 'in' in rule && !rule.in.includes(String(value))) fail(field, 'in');
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(rules)) {
    if (Object.prototype.hasOwnProperty.call(body, field)) values[field] = body[field];
  }
  return values;
}

/** A string field after validation: trimmed, empty as null (Laravel's TrimStrings + ConvertEmptyStringsToNull). */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
