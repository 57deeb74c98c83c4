// POST /login?email=&pass= (`password` too): the account in the document's fields
// with a fresh access token and refresh token. Unknown email, deleted account and
// wrong password give the same answer; the password is never part of it.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { badRequest, collectParams, optionalText } from '../params.js';
import { failures, LoginResponse, userToWire } from '../wire.js';
import { userapiIds } from '../ids.js';
import { rateLimit } from '../../../http/rate-limits.js';

export const loginRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  app.post(
    '/login',
    { config: rateLimit(config, 'signIn'), schema: { response: { 200: LoginResponse, ...failures(400, 401, 429, 500) } } },
    async (request, reply) => {
      const params = collectParams(request);
      const email = optionalText(params, 'email', { max: 254 });
      const password = optionalText(params, 'pass', { max: 1024 }) ?? optionalText(params, 'password', { max: 1024 });
      if (!email || password === undefined) throw badRequest('email', 'email and pass are required.');
      const { user, session } = await core.signIn.withPassword(email, password, requestContext(request, 'userapi'));
      const access = await core.accessTokens.issue(user, session);
      const refresh = await core.refreshTokens.issue(session);
      reply.header('cache-control', 'no-store');
      return { ...userToWire(await userapiIds(core).show(user)), token: access.token, refresh };
    },
  );
};
