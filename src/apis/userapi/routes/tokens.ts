// POST /regen_token?id= with the refresh token (Bearer, x-access-token, or a
// `token`/`refresh` parameter): a new access token and the refresh token that
// replaces the spent one. A refresh token works once; a replay fails and ends the
// whole family (the session), so a stolen copy is useless after either party uses it.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CoreError } from '../../../core/errors.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { presentedToken } from '../auth.js';
import { collectParams, optionalId } from '../params.js';
import { userapiIds } from '../ids.js';
import { failures, TokenResponse } from '../wire.js';

export const tokenRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core }) => {
  app.post(
    '/regen_token',
    // The per-IP refresh budget is counted by core.refreshTokens.rotate, in the refresh's transaction.
    { schema: { response: { 200: TokenResponse, ...failures(400, 401, 429, 500) } } },
    async (request, reply) => {
      const params = collectParams(request);
      const id = optionalId(params);
      const refreshToken = presentedToken(request, params, ['refresh', 'refresh_token', 'token']);
      if (!refreshToken) throw new CoreError('unauthenticated');
      const context = requestContext(request, 'userapi');
      const { user, session, refreshToken: refresh } = await core.refreshTokens.rotate(refreshToken, context);
      if (id !== undefined && (await userapiIds(core).resolve(id, user.id)) !== user.id) {
        // The token is spent already; its replacement goes to nobody, so end the family.
        await core.sessions.revoke(session.id, context, null);
        throw new CoreError('invalid_grant');
      }
      const access = await core.accessTokens.issue(user, session);
      reply.header('cache-control', 'no-store');
      return { token: access.token, refresh };
    },
  );
};
