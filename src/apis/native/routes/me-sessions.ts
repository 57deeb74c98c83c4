// GET /v1/me/sessions and DELETE /v1/me/sessions/{id}: the signed-in user's live
// sessions, from every API, and ending one of them. Another user's session id is
// a 404, exactly like an id that does not exist.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { SessionSchema, security, sessionToWire } from '../wire-admin.js';
import { problems } from '../wire.js';

export const meSessionsRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/me/sessions',
    {
      schema: {
        tags: ['account'],
        summary: 'Live sessions of the signed-in user, newest first',
        security,
        response: { 200: Type.Array(SessionSchema), ...problems(401) },
      },
    },
    async (request) => {
      const { user, session } = signedIn(request);
      const sessions = await core.sessions.list(user.id);
      return sessions.map((s) => sessionToWire(s, session.id));
    },
  );

  app.delete(
    '/v1/me/sessions/:id',
    {
      schema: {
        tags: ['account'],
        summary: 'End one session of the signed-in user (its tokens stop working at once)',
        security,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      await core.sessions.revokeOwn(user.id, request.params.id, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );
};
