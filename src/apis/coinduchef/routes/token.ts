// POST /token: FastAPI's OAuth2PasswordRequestForm. Form-encoded username (the
// courriel) and password, grant_type optional but "password" when present; scope,
// client_id and client_secret are accepted and ignored, as are the client's Basic
// credentials, so a standard OAuth2 client doing the password flow works unchanged.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { TOKEN_LIFETIME_SECONDS, bothSlashes } from '../auth.js';
import { ErrorResponses } from '../schemas.js';
import { rateLimit } from '../../../http/rate-limits.js';

const TokenForm = Type.Object({
  grant_type: Type.Optional(Type.String({ pattern: '^password$' })),
  username: Type.String({ maxLength: 1024 }),
  password: Type.String({ maxLength: 1024 }),
  scope: Type.Optional(Type.String({ maxLength: 1024 })),
  client_id: Type.Optional(Type.String({ maxLength: 1024 })),
  client_secret: Type.Optional(Type.String({ maxLength: 1024 })),
});

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
});

export const tokenRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  for (const url of bothSlashes('/token')) {
    app.post(
      url,
      {
        config: rateLimit(config, 'signIn'),
        schema: {
          tags: ['coinduchef'],
          hide: url.endsWith('/'),
          summary: 'Connexion (obtenir un token valable 30 minutes)',
          consumes: ['application/x-www-form-urlencoded'],
          body: TokenForm,
          response: { 200: TokenResponse, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        // The session lives as long as its token: there is no refresh in this API.
        const { user, session } = await core.signIn.withPassword(username, password, requestContext(request, 'coinduchef'), {
          idleTimeoutSeconds: TOKEN_LIFETIME_SECONDS,
          absoluteLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
        });
        const access = await core.accessTokens.issue(user, session, { ttlSeconds: TOKEN_LIFETIME_SECONDS });
        return { access_token: access.token, token_type: 'bearer' as const };
      },
    );
  }
};
