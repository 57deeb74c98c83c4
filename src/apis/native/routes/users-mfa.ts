// DELETE /v1/users/{id}/mfa (admin): removes the TOTP, recovery codes and passkeys
// of a user who lost them. Audited; the user is mailed.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { UserIdParams, security } from '../wire-admin.js';
import { problems } from '../wire.js';

export const usersMfaRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.delete(
    '/v1/users/:id/mfa',
    {
      schema: {
        tags: ['administration'],
        summary: 'Remove every second factor of a user: TOTP, recovery codes, passkeys (admin)',
        security,
        params: UserIdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await core.mfa.reset(signedIn(request).user, request.params.id, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );
};
