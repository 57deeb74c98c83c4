// What an admin does for an account besides editing it: POST /v1/users/{id}/unlock
// (lift the sign-in lock of too many wrong passwords), /resend-invitation and
// /resend-verification (mail the link again).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rateLimit } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { accountLinks } from '../../../web/links.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import type { RequestContext, User } from '../../../core/model.js';
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

  // Both "mail the link again" routes: the same limit, shape and answer.
  const mailAgain = (
    path: string,
    summary: string,
    send: (actor: User, userId: number, context: RequestContext) => Promise<void>,
  ) =>
    app.post(
      `/v1/users/:id/${path}`,
      {
        config: rateLimit(config, 'mail'),
        schema: {
          tags: ['administration'],
          summary,
          security,
          params: UserIdParams,
          response: { 202: Type.Null(), ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        await send(signedIn(request).user, request.params.id, requestContext(request, 'native'));
        return reply.code(202).send(null);
      },
    );
  mailAgain('resend-invitation', 'Mail the invitation again to an account that has no password yet (admin)', (actor, id, context) =>
    core.adminMail.resendInvitation(actor, id, context, { link: links.acceptInvitation }),
  );
  mailAgain('resend-verification', 'Mail the verification link again to an unverified address (admin)', (actor, id, context) =>
    core.adminMail.resendVerification(actor, id, context, { link: links.verifyEmail }),
  );
};
