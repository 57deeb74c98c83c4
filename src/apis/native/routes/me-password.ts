// POST /v1/me/password: the signed-in user changes their password. Wrong current
// password → 400 invalid_credentials; a new one the policy refuses → 422
// policy_violation with the rules broken; success ends every other session.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { security } from '../wire-admin.js';
import { problems } from '../wire.js';

const ChangePasswordBody = Type.Object(
  {
    current_password: Type.String({ maxLength: 1024 }),
    new_password: Type.String({ maxLength: 1024 }),
  },
  {
    additionalProperties: false,
    examples: [{ current_password: 'correct horse battery staple', new_password: 'a much longer passphrase now' }],
  },
);

export const mePasswordRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.post(
    '/v1/me/password',
    {
      schema: {
        tags: ['account'],
        summary: 'Change the password; ends every other session of the user',
        security,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...problems(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const { user, session } = signedIn(request);
      await core.passwordChange.change(
        {
          userId: user.id,
          currentSessionId: session.id,
          currentPassword: request.body.current_password,
          newPassword: request.body.new_password,
        },
        requestContext(request, 'native'),
      );
      return reply.code(204).send(null);
    },
  );
};
