// The signed-in user's passkeys: registration (options, then the browser's
// answer), list, rename, removal. The ceremony itself is the kernel's
// (core/mfa/passkeys.ts), so the web console can run it too.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { security } from '../wire-admin.js';
import { PasskeyIdParams, PasskeySchema, WebAuthnJson, passkeyToWire } from '../wire-mfa.js';
import { problems } from '../wire.js';

const tags = ['passkeys'];
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const mePasskeysRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.post(
    '/v1/me/passkeys/options',
    {
      schema: {
        tags,
        summary: 'Registration options for navigator.credentials.create() (the challenge lives 5 minutes, once)',
        security,
        response: { 200: WebAuthnJson, ...problems(401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return core.mfa.passkeys.registrationOptions(signedIn(request).user);
    },
  );

  app.post(
    '/v1/me/passkeys',
    {
      schema: {
        tags,
        summary: 'Register the passkey the browser made from those options',
        security,
        body: Type.Object({ response: WebAuthnJson, name: Type.Optional(Name) }, { additionalProperties: false }),
        response: { 201: PasskeySchema, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      const passkey = await core.mfa.passkeys.register(user, request.body.response, request.body.name, requestContext(request, 'native'));
      return reply.code(201).send(passkeyToWire(passkey));
    },
  );

  app.get(
    '/v1/me/passkeys',
    { schema: { tags, summary: 'The passkeys of the signed-in user', security, response: { 200: Type.Array(PasskeySchema), ...problems(401) } } },
    async (request) => (await core.mfa.passkeys.list(signedIn(request).user.id)).map(passkeyToWire),
  );

  app.patch(
    '/v1/me/passkeys/:id',
    {
      schema: {
        tags,
        summary: 'Rename a passkey',
        security,
        params: PasskeyIdParams,
        body: Type.Object({ name: Name }, { additionalProperties: false }),
        response: { 200: PasskeySchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return passkeyToWire(await core.mfa.passkeys.rename(user, request.params.id, request.body.name, requestContext(request, 'native')));
    },
  );

  app.delete(
    '/v1/me/passkeys/:id',
    {
      schema: { tags, summary: 'Remove a passkey', security, params: PasskeyIdParams, response: { 204: Type.Null(), ...problems(401, 404) } },
    },
    async (request, reply) => {
      await core.mfa.passkeys.remove(signedIn(request).user, request.params.id, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );
};
