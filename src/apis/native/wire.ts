// Core objects in the native API's field names, and the TypeBox schemas that
// validate them and produce /openapi.json. Response schemas also strip any field
// not listed, so nothing secret can leak through a forgotten property.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable, NullableInput, OneOf } from '../../http/schema-types.js';
import { ROLE_LEVEL, type User } from '../../core/model.js';


export const LocaleSchema = OneOf(['fr', 'en', 'es', 'de']);
export const RoleSchema = OneOf(['user', 'moderator', 'admin']);

export const AddressSchema = Type.Object({
  street: Nullable(Type.String({ maxLength: 200 })),
  city: Nullable(Type.String({ maxLength: 200 })),
  zip: Nullable(Type.String({ maxLength: 200 })),
  country: Nullable(Type.String({ maxLength: 200 })),
});

export const SocialSchema = Type.Object({
  facebook: Nullable(Type.String({ maxLength: 200 })),
  twitter: Nullable(Type.String({ maxLength: 200 })),
});

const USER_EXAMPLE = {
  id: 42,
  email: 'ana@example.com',
  email_verified: true,
  username: 'ana',
  first_name: 'Ana',
  last_name: 'Lima',
  title: null,
  phone: null,
  birthdate: '1990-05-17',
  address: { street: null, city: 'Lyon', zip: null, country: 'FR' },
  social: { facebook: null, twitter: null },
  role: 'user',
  level: 1,
  locale: 'fr',
  dark_mode: false,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
};

export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    email_verified: Type.Boolean(),
    username: Nullable(Type.String()),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    title: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    birthdate: Nullable(Type.String({ format: 'date' })),
    address: AddressSchema,
    social: SocialSchema,
    role: RoleSchema,
    level: Type.Integer({ minimum: 1, maximum: 3 }),
    locale: LocaleSchema,
    dark_mode: Type.Boolean(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    deleted_at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  },
  { examples: [USER_EXAMPLE] },
);
export type WireUser = Static<typeof UserSchema>;

export function userToWire(user: User, options: { withDeletedAt?: boolean } = {}): WireUser {
  return {
    id: user.id,
    email: user.email,
    email_verified: user.emailVerifiedAt !== null,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    title: user.title,
    phone: user.phone,
    birthdate: user.birthdate,
    address: { ...user.address },
    social: { ...user.social },
    role: user.role.toLowerCase() as WireUser['role'],
    level: ROLE_LEVEL[user.role],
    locale: user.locale,
    dark_mode: user.darkMode,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    ...(options.withDeletedAt ? { deleted_at: user.deletedAt?.toISOString() ?? null } : {}),
  };
}

/** Profile fields a user may set on their own account (PATCH /v1/me), all optional. */
export const ProfilePatchSchema = Type.Object(
  {
    username: Type.Optional(NullableInput(Type.String({ minLength: 2, maxLength: 64 }))),
    first_name: Type.Optional(NullableInput(Type.String({ maxLength: 200 }))),
    last_name: Type.Optional(NullableInput(Type.String({ maxLength: 200 }))),
    title: Type.Optional(NullableInput(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(NullableInput(Type.String({ maxLength: 200 }))),
    birthdate: Type.Optional(NullableInput(Type.String({ format: 'date' }))),
    address: Type.Optional(Type.Partial(AddressSchema, { additionalProperties: false })),
    social: Type.Optional(Type.Partial(SocialSchema, { additionalProperties: false })),
    locale: Type.Optional(LocaleSchema),
    dark_mode: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WireProfilePatch = Static<typeof ProfilePatchSchema>;

export function profilePatchFromWire(body: WireProfilePatch) {
  return {
    username: body.username,
    firstName: body.first_name,
    lastName: body.last_name,
    title: body.title,
    phone: body.phone,
    birthdate: body.birthdate,
    address: body.address,
    social: body.social,
    locale: body.locale,
    darkMode: body.dark_mode,
  };
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    request_id: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    rules: Type.Optional(Type.Array(Type.String())),
  },
);

/** What each error status means across the native API, for /openapi.json. */
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: validation_failed (with `errors` per field) or invalid_credentials',
  401: 'Missing, invalid or expired access token, or its session has ended',
  403: 'forbidden: the signed-in user\'s role does not allow this',
  404: 'not_found',
  409: 'Conflict: email_taken, username_taken or last_admin',
  422: 'policy_violation: the password breaks the rules listed in `rules`',
  429: 'too_many_attempts; see Retry-After',
};

/** Problem responses for the given statuses, for a route's `response` schema, as sent: problem+json. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem details (RFC 9457)',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}
