// POST /forgot-password and POST /reset-password (Laravel's password broker).
// Forgot-password answers the same 200 for every well-formed address, so nobody
// learns who has an account; the document's 422 for unknown users is available
// behind CRDM_FORGOT_PASSWORD_REVEALS_UNKNOWN. A bad, used or expired token, or a
// token for another address, gets the document's 422 body.

import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isCoreError } from '../../../core/errors.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { translate } from '../messages.js';
import { resetPasswordLink } from '../mail-links.js';
import { assertCrdmPassword, crdmPasswordPolicy, reportPolicyOn } from '../password-rules.js';
import { localeOf } from '../request-state.js';
import { validate, ValidationFailed } from '../validation.js';
import { StatusSchema, ValidationSchema } from '../wire.js';
import { rateLimit } from '../../../http/rate-limits.js';

const hide = true;

export const passwordResetRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  app.post(
    '/forgot-password',
    { config: rateLimit(config, 'mail'), schema: { hide, response: { 200: StatusSchema, 422: ValidationSchema } } },
    async (request) => {
      const locale = localeOf(request);
      const values = validate(request.body, { email: ['required', 'string', 'email', { max: 255 }] }, locale);
      const email = String(values.email).trim();
      if (config.crdm.forgotPasswordRevealsUnknown && !(await core.accounts.findByEmail(email))) {
        throw new ValidationFailed({ email: [translate(locale, 'reset_user')] });
      }
      await core.passwordReset.request(email, { link: resetPasswordLink(config, email), locale });
      return { status: translate(locale, 'reset_sent') };
    },
  );

  app.post(
    '/reset-password',
    { schema: { hide, response: { 200: StatusSchema, 422: ValidationSchema } } },
    async (request, reply) => {
      const locale = localeOf(request);
      const values = validate(
        request.body,
        {
          token: ['required', 'string', { max: 255 }],
          email: ['required', 'string', 'email', { max: 255 }],
          password: ['required', 'string', { max: 255 }, 'confirmed'],
        },
        locale,
      );
      const password = String(values.password);
      const wording = { locale, field: 'password', other: 'current_password' };
      // Laravel validates the password before its broker looks at the token.
      assertCrdmPassword(core, password, { email: String(values.email) }, wording);
      try {
        await core.passwordReset.reset(String(values.token), password, {
          policy: crdmPasswordPolicy(core),
          rejectCurrent: true,
          expectEmail: String(values.email),
          context: requestContext(request, 'crdm'),
        });
      } catch (error) {
        if (isCoreError(error, 'token_invalid') || isCoreError(error, 'token_expired')) {
          // The document's body: the broker's message, on `email`.
          const message = translate(locale, 'reset_token');
          return reply.code(422).send({ message, errors: { email: [message] } });
        }
        reportPolicyOn(core, error, wording);
      }
      return { status: translate(locale, 'reset_done') };
    },
  );
};
