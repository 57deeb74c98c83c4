// POST /v1/signup: a new account with a password; 409 email_taken when it exists.
// The verification mail is queued in the sign-up's own transaction.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { requestContext } from '../../../http/request-context.js';
import type { NativeOptions } from '../index.js';
import { pageLink } from '../../../web/links.js';
import { LocaleSchema, UserSchema, problems, userToWire } from '../wire.js';

const SignupBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    first_name: Type.Optional(Type.String({ maxLength: 200 })),
    last_name: Type.Optional(Type.String({ maxLength: 200 })),
    username: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const signupRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, config }) => {
  const verifyLink = pageLink(config.publicUrl, 'verifyEmail');
  app.post(
    '/v1/signup',
    {
      schema: {
        tags: ['account'],
        summary: 'Create an account',
        body: SignupBody,
        response: { 201: Type.Object({ user: UserSchema }), ...problems(400, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const requestLocale = negotiateLocale(request.headers['accept-language']);
      const user = await core.accounts.signUp(
        {
          email: body.email,
          password: body.password,
          firstName: body.first_name ?? null,
          lastName: body.last_name ?? null,
          username: body.username ?? null,
          locale: body.locale ?? requestLocale,
        },
        requestContext(request, 'native'),
        { verification: { link: verifyLink, locale: requestLocale } },
      );
      return reply.code(201).send({ user: userToWire(user) });
    },
  );
};
