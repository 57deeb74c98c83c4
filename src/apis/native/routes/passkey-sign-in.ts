// POST /v1/passkeys/authentication-options: the first half of a passkey sign-in
// (the second is POST /v1/token grant_type=urn:sesame:grant-type:passkey). Without
// an email the browser offers any discoverable passkey of this site.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rateLimit } from '../../../http/rate-limits.js';
import type { NativeOptions } from '../index.js';
import { WebAuthnJson } from '../wire-mfa.js';
import { problems } from '../wire.js';

export const passkeySignInRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, config }) => {
  app.post(
    '/v1/passkeys/authentication-options',
    {
      config: rateLimit(config, 'signIn'),
      schema: {
        tags: ['passkeys'],
        summary: 'Options for navigator.credentials.get(), and the challenge_id to send with the answer to /v1/token',
        body: Type.Optional(Type.Object({ email: Type.Optional(Type.String({ maxLength: 254 })) }, { additionalProperties: false })),
        response: {
          200: Type.Object({ challenge_id: Type.String({ description: 'single use, 5 minutes' }), options: WebAuthnJson }),
          ...problems(400, 429),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { challengeId, options } = await core.mfa.passkeySignIn.options(request.body?.email);
      return { challenge_id: challengeId, options };
    },
  );
};
