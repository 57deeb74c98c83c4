// POST /register?data={json}: a new account from nom, prenom, username, email,
// password and birthdate (YYYY-MM-DD), then the confirmation mail. Any refusal
// (taken email or username, weak password, bad date, malformed data) writes nothing.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import { negotiateLocale } from '../../../i18n/negotiate-locale.js';
import { pageLink } from '../../../web/links.js';
import type { ApiOptions } from '../../registry.js';
import { badRequest, collectParams, readData, requireTexts } from '../params.js';
import { failures, ok, Result } from '../wire.js';
import { rateLimit } from '../../../http/rate-limits.js';

const REQUIRED = ['nom', 'prenom', 'username', 'email', 'password', 'birthdate'] as const;

export const registerRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  // The document has no confirmation route of its own: the mailed link opens the
  // hosted verify-email page, which sets has_conf to 1.
  const link = pageLink(config.publicUrl, 'verifyEmail');

  app.post(
    '/register',
    { config: rateLimit(config, 'signUp'), schema: { response: { 200: Result, ...failures(400, 409, 429, 500) } } },
    async (request) => {
      const data = readData(collectParams(request));
      const fields = requireTexts(data, REQUIRED);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.birthdate)) {
        throw badRequest('birthdate', 'birthdate must be a date written YYYY-MM-DD.');
      }
      const locale = negotiateLocale(request.headers['accept-language']);
      await core.accounts.signUp(
        {
          email: fields.email,
          password: fields.password,
          username: fields.username.trim(),
          firstName: fields.prenom.trim(),
          lastName: fields.nom.trim(),
          birthdate: fields.birthdate,
          locale,
        },
        requestContext(request, 'userapi'),
        { verification: { link, locale } },
      );
      return ok();
    },
  );
};
