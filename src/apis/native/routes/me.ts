// GET/PATCH/DELETE /v1/me: the signed-in user's own account. PATCH takes profile
// fields only; email, role, email_verified, id or any unknown field is a 400 and
// nothing is written (the schema refuses additional properties).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { ProfilePatchSchema, UserSchema, problems, profilePatchFromWire, userToWire } from '../wire.js';

const security = [{ bearer: [] }];

export const meRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/me',
    { schema: { tags: ['account'], summary: 'The signed-in user', security, response: { 200: UserSchema, ...problems(401) } } },
    async (request) => userToWire(signedIn(request).user),
  );

  app.patch(
    '/v1/me',
    {
      schema: {
        tags: ['account'],
        summary: 'Update profile fields of the signed-in user',
        security,
        body: ProfilePatchSchema,
        response: { 200: UserSchema, ...problems(400, 401, 409) },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const patch = profilePatchFromWire(request.body);
      return userToWire(await core.accounts.updateProfile(user.id, patch, requestContext(request, 'native')));
    },
  );

  app.delete(
    '/v1/me',
    {
      schema: {
        tags: ['account'],
        summary: 'Delete the signed-in account (soft); ends every session',
        security,
        body: Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      await core.accounts.deleteSelf(user, request.body.password, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );
};
