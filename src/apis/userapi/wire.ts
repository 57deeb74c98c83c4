// Core users in the document's field names (nom, prenom, level, has_conf,
// adding_time) and the response schemas. The schemas list every field a client
// may see: anything else, a password above all, is stripped by the serializer.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable, OneOf } from '../../http/schema-types.js';
import { ROLE_LEVEL, type User } from '../../core/model.js';

const NullableText = Nullable(Type.String());

export const Result = Type.Object({ success: Type.Boolean(), message: Type.String() });
export type Result = Static<typeof Result>;
export const ok = (): Result => ({ success: true, message: 'ok' });

export const UserFields = {
  id: Type.Integer(),
  username: NullableText,
  nom: NullableText,
  prenom: NullableText,
  birthdate: NullableText,
  email: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  has_conf: OneOf([0, 1]),
  /** Nanoseconds since the epoch: a 19-digit integer, beyond a double's precision. */
  adding_time: Type.Integer(),
};

export const WireUser = Type.Object(UserFields);
export const LoginResponse = Type.Object({ ...UserFields, token: Type.String(), refresh: Type.String() });
export const LevelResponse = Type.Object({
  success: Type.Boolean(),
  message: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  id: Type.Integer(),
});
export const TokenResponse = Type.Object({ token: Type.String(), refresh: Type.String() });

/**
 * adding_time in the document's unit. Its getuser example, 1655199497885830000,
 * is June 2022 in nanoseconds (its login example lost two digits). Sent as a
 * BigInt so the JSON carries the exact digits.
 */
export const addingTime = (createdAt: Date): bigint => BigInt(createdAt.getTime()) * 1_000_000n;

export function userToWire(user: User) {
  return {
    id: user.id,
    username: user.username,
    nom: user.lastName,
    prenom: user.firstName,
    birthdate: user.birthdate,
    email: user.email,
    level: ROLE_LEVEL[user.role],
    has_conf: user.emailVerifiedAt ? (1 as const) : (0 as const),
    // The schema types it as a number; the serializer writes a BigInt's digits.
    adding_time: addingTime(user.createdAt) as unknown as number,
  };
}

/** Failure responses for a route's `response` schema. */
export function failures(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, Result]));
}
