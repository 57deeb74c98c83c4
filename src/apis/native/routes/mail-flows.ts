// The native routes of the mail flows: email verification and its resend, forgot
// and reset password, email change and its confirmation. Mailed links point to
// the hosted pages (src/web); these routes are the same actions for API clients.
// A bad or used link token is a 400 here (the body is not a credential), not a 401.

import { Type, type FastifyPluginAsyncTypebox, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { isCoreError } from '../../../core/errors.js';
import { rateLimit, spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { accountLinks } from '../../../web/links.js';
import { requireUser, signedIn } from '../auth.js';
import { nativeErrorHandler, sendProblem } from '../errors.js';
import type { NativeOptions } from '../index.js';
import { problems } from '../wire.js';

const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const EmailBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
const Accepted = Type.Object({ status: Type.Literal('accepted') });
const ACCEPTED = { status: 'accepted' as const };

export const mailFlowRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, store, config }) => {
  const links = accountLinks(config.publicUrl);
  // The one mail budget per IP (RATE_LIMIT_MAIL), shared with every API's mail routes.
  const sendsMail = { config: rateLimit(config, 'mail') };
  const context = (request: Parameters<typeof requestContext>[0]) => requestContext(request, 'native');
  const locale = (request: { headers: Record<string, string | string[] | undefined> }) => {
    const header = request.headers['accept-language'];
    return negotiateLocale(typeof header === 'string' ? header : undefined);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isCoreError(error, 'token_invalid') || isCoreError(error, 'token_expired')) {
      return sendProblem(reply, 400, error.code, error.message);
    }
    return nativeErrorHandler(error, request, reply);
  });

  app.post(
    '/v1/verify-email',
    {
      schema: {
        tags: ['account'],
        summary: 'Verify an email address with the token of the mailed link',
        body: TokenBody,
        response: { 204: Type.Null(), ...problems(400) },
      },
    },
    async (request, reply) => {
      await core.verification.confirm(request.body.token, context(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/verify-email',
    {
      schema: {
        tags: ['account'],
        summary: 'Verify an email address: the mailed link itself',
        querystring: TokenBody,
        response: { 204: Type.Null(), ...problems(400) },
      },
    },
    async (request, reply) => {
      await core.verification.confirm(request.query.token, context(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/verify-email/resend',
    {
      ...sendsMail,
      schema: {
        tags: ['account'],
        summary: 'Mail the verification link again (202 whether or not the account exists)',
        body: EmailBody,
        response: { 202: Accepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await core.verification.resend(request.body.email, { link: links.verifyEmail, locale: locale(request) });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    '/v1/password/forgot',
    {
      ...sendsMail,
      schema: {
        tags: ['account'],
        summary: 'Mail a password-reset link (202 whether or not the account exists)',
        body: EmailBody,
        response: { 202: Accepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await core.passwordReset.request(request.body.email, { link: links.resetPassword, locale: locale(request) });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    '/v1/password/reset',
    {
      schema: {
        tags: ['account'],
        summary: 'Set a new password with the token of a reset link; ends every session',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problems(400, 422) },
      },
    },
    async (request, reply) => {
      await core.passwordReset.reset(request.body.token, request.body.password, { context: context(request) });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/email/confirm',
    {
      schema: {
        tags: ['account'],
        summary: 'Confirm an email change with the token mailed to the new address',
        body: TokenBody,
        response: { 204: Type.Null(), ...problems(400, 409) },
      },
    },
    async (request, reply) => {
      await core.emailChange.confirm(request.body.token, context(request));
      return reply.code(204).send(null);
    },
  );

  await app.register(async (scope) => {
    const signedInRoutes = scope.withTypeProvider<TypeBoxTypeProvider>();
    signedInRoutes.addHook('preHandler', requireUser(core));
    signedInRoutes.post(
      '/v1/me/email',
      {
        schema: {
          tags: ['account'],
          summary: 'Change the email: a link to the new address, a notice to the old one',
          security: [{ bearer: [] }],
          body: Type.Object(
            {
              new_email: Type.String({ minLength: 1, maxLength: 254 }),
              password: Type.String({ minLength: 1, maxLength: 1024 }),
            },
            { additionalProperties: false },
          ),
          response: { 202: Accepted, ...problems(400, 401, 409, 429) },
        },
      },
      async (request, reply) => {
        const { user } = signedIn(request);
        // Mail to another address: the account's budget as well as the IP's.
        await spendBudgets(request, { config, store }, 'mail', user.id);
        await core.emailChange.request(user, request.body.new_email, {
          link: links.confirmEmail,
          password: request.body.password,
          locale: locale(request),
          context: context(request),
        });
        return reply.code(202).send(ACCEPTED);
      },
    );
  });
};
