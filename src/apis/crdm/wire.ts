// Core users in the CRDM document's field names and Laravel's JSON conventions
// (microsecond timestamps, `preferences` object). The response schemas strip any
// field not listed, so nothing secret can leak through a forgotten property.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable } from '../../http/schema-types.js';
import type { Locale, ProfilePatch, User } from '../../core/model.js';
import { text } from './validation.js';


export const CrdmUserSchema = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
  first_name: Nullable(Type.String()),
  title: Nullable(Type.String()),
  phone_number: Nullable(Type.String()),
  email: Type.String(),
  email_verified_at: Nullable(Type.String()),
  deleted_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  preferences: Type.Object({
    localisation: Type.String(),
    isDarkModeEnabled: Type.Boolean(),
  }),
});
export type CrdmUser = Static<typeof CrdmUserSchema>;

/** The document answers user reads and updates with a one-element array. */
export const UserArraySchema = Type.Array(CrdmUserSchema);

export const MessageSchema = Type.Object({ message: Type.String() });
export const ValidationSchema = Type.Object({
  message: Type.String(),
  errors: Type.Record(Type.String(), Type.Array(Type.String())),
});
export const StatusSchema = Type.Object({ status: Type.String() });

/** Laravel serialises dates with microseconds: 2023-09-21T14:48:30.000000Z (an ISO string ends `.sssZ`). */
export function laravelDate(date: Date): string {
  return `${date.toISOString().slice(0, -1)}000Z`;
}

export function userToWire(user: User): CrdmUser {
  return {
    id: user.id,
    name: user.lastName,
    first_name: user.firstName,
    title: user.title,
    phone_number: user.phone,
    email: user.email,
    email_verified_at: user.emailVerifiedAt ? laravelDate(user.emailVerifiedAt) : null,
    deleted_at: user.deletedAt ? laravelDate(user.deletedAt) : null,
    created_at: laravelDate(user.createdAt),
    updated_at: laravelDate(user.updatedAt),
    preferences: { localisation: user.locale, isDarkModeEnabled: user.darkMode },
  };
}

/** Validated profile fields (name, first_name, title, phone_number, localisation) → the core's patch. */
export function profileFromWire(values: Record<string, unknown>): ProfilePatch {
  const patch: ProfilePatch = {};
  if ('name' in values) patch.lastName = text(values.name);
  if ('first_name' in values) patch.firstName = text(values.first_name);
  if ('title' in values) patch.title = text(values.title);
  if ('phone_number' in values) patch.phone = text(values.phone_number);
  const locale = text(values.localisation);
  if (locale) patch.locale = locale as Locale;
  return patch;
}
