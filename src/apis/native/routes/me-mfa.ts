// Two-step verification of the signed-in user: TOTP enrolment (nothing is on until
// a first code confirms it), disabling, new recovery codes. Password-guarded steps
// count a wrong password toward the sign-in throttle.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { security } from '../wire-admin.js';
import { PasswordBody, RecoveryCodesSchema, TotpEnrolmentSchema, enrolmentToWire } from '../wire-mfa.js';
import { problems } from '../wire.js';

const tags = ['two-step verification'];

export const meMfaRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));
  app.addHook('onSend', async (_request, reply) => {
    // Secrets and recovery codes must not sit in a cache.
    reply.header('cache-control', 'no-store');
  });

  app.post(
    '/v1/me/mfa/totp',
    {
      schema: {
        tags,
        summary: 'Start TOTP enrolment: a new secret, as text, otpauth URL and QR code; nothing is on until confirmed',
        security,
        body: PasswordBody,
        response: { 200: TotpEnrolmentSchema, ...problems(400, 401, 409, 429) },
      },
    },
    async (request) => enrolmentToWire(await core.mfa.totp.begin(signedIn(request).user, request.body.password)),
  );

  app.post(
    '/v1/me/mfa/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm TOTP with a first code: two-step verification is on; returns 10 single-use recovery codes',
        security,
        body: Type.Object({ code: Type.String({ maxLength: 20 }) }, { additionalProperties: false }),
        response: { 200: RecoveryCodesSchema, ...problems(400, 401, 409) },
      },
    },
    async (request) => {
      const codes = await core.mfa.totp.confirm(signedIn(request).user, request.body.code, requestContext(request, 'native'));
      return { recovery_codes: codes };
    },
  );

  app.delete(
    '/v1/me/mfa/totp',
    {
      schema: {
        tags,
        summary: 'Turn TOTP off; its recovery codes stop working',
        security,
        body: PasswordBody,
        response: { 204: Type.Null(), ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await core.mfa.totp.disable(signedIn(request).user, request.body.password, requestContext(request, 'native'));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/me/mfa/recovery-codes',
    {
      schema: {
        tags,
        summary: 'A new set of 10 recovery codes; the old ones stop working',
        security,
        body: PasswordBody,
        response: { 200: RecoveryCodesSchema, ...problems(400, 401, 429) },
      },
    },
    async (request) => {
      const codes = await core.mfa.totp.renewRecoveryCodes(signedIn(request).user, request.body.password, requestContext(request, 'native'));
      return { recovery_codes: codes };
    },
  );
};
