// Wire shapes of the signed-in user's sessions and of the administration: user
// list, creation and privileged patch, audit events. Same rules as wire.ts: snake
// case, every response schema strips what it does not list.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable } from '../../http/schema-types.js';
import type { CreateUserInput } from '../../core/user-administration.js';
import type { AuditEvent, PrivilegedPatch, Role, Session } from '../../core/model.js';
import { USER_PAGE } from '../../core/user-administration.js';
import { LocaleSchema, ProfilePatchSchema, RoleSchema, UserSchema, profilePatchFromWire } from './wire.js';

export const security: Record<string, string[]>[] = [{ bearer: [] }, { oauth2: [] }];

export const SessionSchema = Type.Object(
  {
    id: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    last_seen_at: Type.String({ format: 'date-time' }),
    api: Type.String({ description: 'the API the sign-in came through: native, myclass, userapi, coinduchef, crdm, console, oidc' }),
    client: Nullable(Type.String(), { description: 'for api oidc, the name of the application signed in to' }),
    user_agent: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    current: Type.Boolean({ description: 'true for the session of this request' }),
  },
  {
    examples: [
      {
        id: 'hT3kq9ZbVw0aPm1xYc2dRg',
        created_at: '2026-11-25T10:00:00.000Z',
        last_seen_at: '2026-11-25T10:42:00.000Z',
        api: 'native',
        client: null,
        user_agent: 'Mozilla/5.0',
        ip: '203.0.113.7',
        current: true,
      },
    ],
  },
);

export function sessionToWire(session: Session, currentId: string): Static<typeof SessionSchema> {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_seen_at: session.lastSeenAt.toISOString(),
    api: session.api,
    client: session.client,
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentId,
  };
}

export const UserListQuery = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the email, username, first or last name' })),
    email: Type.Optional(Type.String({ maxLength: 254, description: 'exact email, any case' })),
    include_deleted: Type.Optional(Type.Boolean({ default: false, description: 'admins only' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: USER_PAGE.maxLimit, default: USER_PAGE.defaultLimit })),
    cursor: Type.Optional(Type.String({ maxLength: 64, description: 'next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const UserListSchema = Type.Object({
  items: Type.Array(UserSchema),
  next_cursor: Nullable(Type.String(), { description: 'null on the last page' }),
});

const { properties: profileFields } = ProfilePatchSchema;

/** PATCH /v1/users/{id}: profile fields plus what only an admin may set. */
export const AdminPatchSchema = Type.Object(
  {
    ...profileFields,
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    role: Type.Optional(RoleSchema),
    email_verified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, examples: [{ role: 'moderator', email_verified: true }] },
);

export const CreateUserSchema = Type.Object(
  {
    ...profileFields,
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: Type.Optional(RoleSchema),
    locale: Type.Optional(LocaleSchema),
    email_verified: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false, examples: [{ email: 'new.colleague@example.com', role: 'user', first_name: 'Ana' }] },
);

const roleFromWire = (role: Static<typeof RoleSchema> | undefined): Role | undefined =>
  role === undefined ? undefined : (role.toUpperCase() as Role);

export function adminPatchFromWire(body: Static<typeof AdminPatchSchema>): PrivilegedPatch {
  return {
    ...profilePatchFromWire(body),
    email: body.email,
    role: roleFromWire(body.role),
    emailVerified: body.email_verified,
  };
}

export function createUserFromWire(body: Static<typeof CreateUserSchema>): CreateUserInput {
  return {
    ...profilePatchFromWire(body),
    email: body.email,
    role: roleFromWire(body.role),
    locale: body.locale,
    emailVerified: body.email_verified,
  };
}

export const AuditEventSchema = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    action: Type.String({ examples: ['user.role_changed'] }),
    actor_user_id: Nullable(Type.Integer()),
    target_user_id: Nullable(Type.Integer()),
    api: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    user_agent: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
);

export function auditEventToWire(event: AuditEvent): Static<typeof AuditEventSchema> {
  return {
    id: event.id,
    at: event.at.toISOString(),
    action: event.action,
    actor_user_id: event.actorUserId,
    target_user_id: event.targetUserId,
    api: event.api,
    ip: event.ip,
    user_agent: event.userAgent,
    details: event.details,
  };
}

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
