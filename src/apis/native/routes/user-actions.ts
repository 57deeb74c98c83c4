// What an admin does for an account besides editing it: POST /v1/users/{id}/unlock
// (lift the sign-in lock of too many wrong passwords), /resend-invitation and
// /resend-verification (mail the link again).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rateLimit } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { accountLinks } from '../../../web/links.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { UserIdParams, security } from '../wire-admin.js';
import { problems } from '../wire.js';

export const userActionsRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, config }) => {
  app.addHook('preHandler', requireUser(core));
  const links = accountLinks(config.publicUrl);

  app.post(
    '/v1/users/:id/unlock',
    {
      schema: {
        tags: ['administration'],
        summary: 'Lift the sign-in lock of an account throttled by wrong passwords (admin)',
        security,
        params: UserIdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      await core.unlockAccount(actor, request.params.id, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/users/:id/resend-invitation',
    {
      config: rateLimit(config, 'mail'),
      schema: {
        tags: ['administration'],
        summary: 'Mail the invitation again to an account that has no password yet (admin)',
        security,
        params: UserIdParams,
        response: { 202: Type.Null(), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      const context = requestContext(request, 'native');
      await core.adminMail.resendInvitation(actor, request.params.id, context, { link: links.acceptInvitation });
      return reply.code(202).send(null);
    },
  );

  app.post(
    '/v1/users/:id/resend-verification',
    {
      config: rateLimit(config, 'mail'),
      schema: {
        tags: ['administration'],
        summary: 'Mail the verification link again to an unverified address (admin)',
        security,
        params: UserIdParams,
        response: { 202: Type.Null(), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      const context = requestContext(request, 'native');
      await core.adminMail.resendVerification(actor, request.params.id, context, { link: links.verifyEmail });
      return reply.code(202).send(null);
    },
  );
};
