// POST /register: a new account of role UTILISATEUR (the default). MODERATEUR and
// ADMIN are refused by the kernel (a self-service sign-up is never above a user)
// with a 400 whose French detail says an administrator gives that role. The
// address-confirmation mail (hosted page link) goes out with the sign-up, as on
// every API: the document does not need it, but the APIs that require a confirmed
// address (myclass) then accept this account too.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { pageLink } from '../../../web/links.js';
import type { ApiOptions } from '../../registry.js';
import { bothSlashes } from '../auth.js';
import { ErrorResponses } from '../schemas.js';
import { RoleSchema, UserSchema, roleFromWire, userToWire } from '../wire.js';
import { coinduchefIds } from '../ids.js';
import { rateLimit } from '../../../http/rate-limits.js';

export const RegisterBody = Type.Object({
  prenom: Type.String({ minLength: 1, maxLength: 200 }),
  nom: Type.String({ minLength: 1, maxLength: 200 }),
  courriel: Type.String({ minLength: 1, maxLength: 254 }),
  mot_de_passe: Type.String({ minLength: 1, maxLength: 1024 }),
  role: Type.Optional(RoleSchema),
});

export const registerRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  const verifyLink = pageLink(config.publicUrl, 'verifyEmail');
  for (const url of bothSlashes('/register')) {
    app.post(
      url,
      {
        config: rateLimit(config, 'signUp'),
        schema: {
          tags: ['coinduchef'],
          hide: url.endsWith('/'),
          summary: "Inscription d'un utilisateur",
          body: RegisterBody,
          response: { 201: UserSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const role = roleFromWire(body.role ?? 'UTILISATEUR');
        const locale = negotiateLocale(request.headers['accept-language'], 'fr');
        const user = await core.accounts.signUp(
          {
            email: body.courriel,
            password: body.mot_de_passe,
            firstName: body.prenom,
            lastName: body.nom,
            role,
            locale,
          },
          requestContext(request, 'coinduchef'),
          { verification: { link: verifyLink, locale } },
        );
        return reply.code(201).send(userToWire(await coinduchefIds(core).show(user)));
      },
    );
  }
};
