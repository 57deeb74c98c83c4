// GET /.well-known/jwks.json: the public keys that verify access tokens offline.

import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { NativeOptions } from '../index.js';

const Jwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});

const Jwks = Type.Object({ keys: Type.Array(Jwk) });

export const jwksRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Public keys of the access-token signatures',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return (await core.accessTokens.jwks()) as Static<typeof Jwks>;
    },
  );
};
