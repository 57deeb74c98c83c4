// GET /.well-known/jwks.json: the public keys that verify access tokens offline,
// and the OpenID Connect ID tokens (RS256, ES256; EdDSA ones use the access-token keys).

import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { NativeOptions } from '../index.js';

const Jwk = Type.Object({
  kty: Type.String(),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  y: Type.Optional(Type.String()),
  n: Type.Optional(Type.String()),
  e: Type.Optional(Type.String()),
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
        summary: 'Public keys of the access-token and ID-token signatures',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      const { keys } = await core.accessTokens.jwks();
      return { keys: [...keys, ...(await core.idTokenKeys.publicJwks())] } as Static<typeof Jwks>;
    },
  );
};
