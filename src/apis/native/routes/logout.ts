// POST /v1/logout: ends the current session; its access and refresh tokens stop
// working at once because every request checks the session.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { problems } from '../wire.js';

export const logoutRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));
  app.post(
    '/v1/logout',
    {
      schema: {
        tags: ['account'],
        summary: 'End the current session',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...problems(401) },
      },
    },
    async (request, reply) => {
      const { user, session } = signedIn(request);
      await core.sessions.revoke(session.id, requestContext(request, 'native'), user.id);
      return reply.code(204).send(null);
    },
  );
};
