// Another account's sessions: GET /v1/users/{id}/sessions (moderator, admin),
// DELETE /v1/users/{id}/sessions (all) and /v1/users/{id}/sessions/{sid} (admin).
// Ended sessions' tokens stop working at once, on every API.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { SessionSchema, UserIdParams, security, sessionToWire } from '../wire-admin.js';
import { problems } from '../wire.js';

export const userSessionsRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/users/:id/sessions',
    {
      schema: {
        tags: ['administration'],
        summary: "A user's live sessions, newest first (moderator, admin)",
        security,
        params: UserIdParams,
        response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: actor, session } = signedIn(request);
      const sessions = await core.userSessions.list(actor, request.params.id);
      return { items: sessions.map((s) => sessionToWire(s, session.id)) };
    },
  );

  app.delete(
    '/v1/users/:id/sessions',
    {
      schema: {
        tags: ['administration'],
        summary: 'End every session of a user (admin)',
        security,
        params: UserIdParams,
        response: { 200: Type.Object({ ended: Type.Integer() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const ended = await core.userSessions.revokeAll(actor, request.params.id, requestContext(request, 'native'));
      return { ended };
    },
  );

  app.delete(
    '/v1/users/:id/sessions/:sid',
    {
      schema: {
        tags: ['administration'],
        summary: 'End one session of a user (admin)',
        security,
        params: Type.Object({ ...UserIdParams.properties, sid: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      const { id, sid } = request.params;
      await core.userSessions.revoke(actor, id, sid, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );
};
