// GET /v1/audit-events: the whole audit trail (admin), newest first, filtered by
// account (as actor or target) and by action, paged by an opaque keyset cursor.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Nullable } from '../../../http/schema-types.js';
import { AUDIT_PAGE } from '../../../core/audit-trail.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { AuditEventSchema, auditEventToWire, security } from '../wire-admin.js';
import { problems } from '../wire.js';

const AuditQuery = Type.Object(
  {
    user_id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'actor or target' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['user.role_changed'] })),
    cursor: Type.Optional(Type.String({ maxLength: 64, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_PAGE.maxLimit, default: AUDIT_PAGE.defaultLimit })),
  },
  { additionalProperties: false },
);

export const auditEventsRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/audit-events',
    {
      schema: {
        tags: ['administration'],
        summary: 'The audit trail, newest first, by keyset cursor (admin)',
        security,
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEventSchema),
            next_cursor: Nullable(Type.String(), { description: 'null on the last page' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const { user_id: userId, action, cursor, limit } = request.query;
      const page = await core.auditTrail.list(actor, { userId, action, cursor, limit });
      return { items: page.items.map(auditEventToWire), next_cursor: page.nextCursor };
    },
  );
};
