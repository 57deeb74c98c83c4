// Reading the administration: GET /v1/users (filters, keyset pagination with an
// opaque cursor), GET /v1/users/{id}, GET /v1/users/{id}/events. Moderators read
// accounts up to their own level (never an admin's), admins read all; deleted
// accounts, include_deleted and the audit trail are for admins. Who may do what is
// decided by the kernel's policy, not here.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role, User } from '../../../core/model.js';
import { isAdmin } from '../../../core/policy.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import {
  AuditEventSchema,
  UserIdParams,
  UserListQuery,
  UserListSchema,
  auditEventToWire,
  security,
} from '../wire-admin.js';
import { UserSchema, problems, userToWire } from '../wire.js';

/** Admins see `deleted_at`; moderators never see deleted accounts at all. */
export const adminView = (actor: User, user: User) => userToWire(user, { withDeletedAt: isAdmin(actor) });

export const usersReadRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/users',
    {
      schema: {
        tags: ['administration'],
        summary: 'List users (moderator, admin), by id, one page at a time',
        security,
        querystring: UserListQuery,
        response: {
          200: Type.Object({
            ...UserListSchema.properties,
            total: Type.Integer({ description: 'users matching the filters: exact up to 10,000' }),
            total_is_estimate: Type.Boolean({ description: 'true when `total` is an estimate: past 10,000 matches, or a one- or two-character q over a large table' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const query = request.query;
      const filters = {
        role: query.role?.toUpperCase() as Role | undefined,
        q: query.q,
        email: query.email,
        includeDeleted: query.include_deleted,
      };
      const page = await core.users.list(actor, { ...filters, limit: query.limit, cursor: query.cursor });
      const count = await core.countUsers(actor, filters, query.cursor === undefined ? page : undefined);
      return {
        items: page.items.map((user) => adminView(actor, user)),
        next_cursor: page.nextCursor,
        total: count.total,
        total_is_estimate: count.isEstimate,
      };
    },
  );

  app.get(
    '/v1/users/:id',
    {
      schema: {
        tags: ['administration'],
        summary: 'One user (moderator, admin)',
        security,
        params: UserIdParams,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      return adminView(actor, await core.users.get(actor, request.params.id, undefined, true));
    },
  );

  app.get(
    '/v1/users/:id/events',
    {
      schema: {
        tags: ['administration'],
        summary: 'Audit trail of one user, newest first (admin)',
        security,
        params: UserIdParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditEventSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const events = await core.users.events(actor, request.params.id, request.query.limit ?? 50);
      return { items: events.map(auditEventToWire) };
    },
  );
};
