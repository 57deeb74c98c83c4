// POST /two-factor-challenge, the Laravel Fortify way: after a /login that
// answered {"two_factor": true}, the front end sends {code} (authenticator app)
// or {recovery_code}; right → 204 and the session cookie, wrong → 422 on that
// field in the user's language. The pending login is the kernel's mfa_token,
// kept in an HttpOnly cookie for its 5 minutes.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { isCoreError } from '../../../core/errors.js';
import { rateLimit } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { clearTwoFactorCookie, issueXsrfCookie, setSessionCookie, TWO_FACTOR_COOKIE } from '../cookies.js';
import { sendValidation } from '../errors.js';
import { translate } from '../messages.js';
import { localeOf } from '../request-state.js';
import { currentSession } from '../session-auth.js';
import { MessageSchema, ValidationSchema } from '../wire.js';

export const twoFactorRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  app.post(
    '/two-factor-challenge',
    {
      config: rateLimit(config, 'signIn'),
      schema: { hide: true, response: { 204: Type.Null(), 401: MessageSchema, 422: ValidationSchema, 429: MessageSchema } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const code = typeof body.code === 'string' && body.code.trim() !== '' ? body.code.slice(0, 20) : null;
      const recovery = typeof body.recovery_code === 'string' && body.recovery_code.trim() !== '' ? body.recovery_code.slice(0, 40) : null;
      const field = code === null && recovery !== null ? 'recovery_code' : 'code';
      const pending = request.cookies[TWO_FACTOR_COOKIE] ?? '';
      const user = pending ? await core.mfa.secondStep.pendingUser(pending, 'crdm') : null;
      const locale = user?.locale ?? localeOf(request);
      const refuse = () =>
        sendValidation(reply, locale, { [field]: [translate(locale, field === 'code' ? 'two_factor_code' : 'two_factor_recovery')] });
      if (!user || (code === null && recovery === null)) return refuse();

      const context = requestContext(request, 'crdm');
      const lifetime = config.sessions.absoluteLifetimeSeconds;
      let signed;
      try {
        // `remember` was asked at /login and travels with the mfa_token.
        signed = await core.mfa.secondStep.complete(pending, code !== null ? { otp: code } : { recoveryCode: recovery! }, context, (remember) => ({
          withToken: true,
          idleTimeoutSeconds: remember ? lifetime : config.crdm.sessionIdleSeconds,
        }));
      } catch (error) {
        if (isCoreError(error, 'invalid_grant')) return refuse();
        throw error;
      }
      const remembered = signed.session.remember;
      const previous = await currentSession(core, request);
      if (previous) await core.sessions.revoke(previous.session.id, context, previous.user.id);
      clearTwoFactorCookie(request, reply);
      setSessionCookie(request, reply, signed.token!, remembered ? lifetime : null);
      // The new session's XSRF token, as /login gives: the one fetched before sign-in stops working.
      issueXsrfCookie(request, reply, signed.token!);
      return reply.code(204).send(null);
    },
  );
};
