// GET /sanctum/csrf-cookie, POST /login, POST /logout: the Sanctum SPA sign-in.
// A login always starts a new core session with a new token (the session id is
// regenerated, so a planted cookie is worthless) and ends the one the browser
// had; `remember` makes the cookie outlive the browser and the session its idle
// timeout, up to the absolute lifetime.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { clearSessionCookie, issueXsrfCookie, sessionToken, setSessionCookie } from '../cookies.js';
import { localeOf, signedIn } from '../request-state.js';
import { currentSession, requireSession } from '../session-auth.js';
import { toBoolean, validate } from '../validation.js';
import { MessageSchema, ValidationSchema } from '../wire.js';
import { rateLimit } from '../../../http/rate-limits.js';

const hide = true;

export const sessionRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, config }) => {
  app.get(
    '/sanctum/csrf-cookie',
    { schema: { hide, response: { 204: Type.Null() } } },
    async (request, reply) => {
      // Signed in, the token of the browser's session; else a random one for the sign-in form.
      issueXsrfCookie(request, reply, sessionToken(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/login',
    { config: rateLimit(config, 'signIn'), schema: { hide, response: { 204: Type.Null(), 401: MessageSchema, 422: ValidationSchema, 429: MessageSchema } } },
    async (request, reply) => {
      const values = validate(
        request.body,
        { email: ['required', 'string', 'email'], password: ['required', 'string'], remember: ['required', 'boolean'] },
        localeOf(request),
      );
      const remember = toBoolean(values.remember) === true;
      const context = requestContext(request, 'crdm');
      const lifetime = config.sessions.absoluteLifetimeSeconds;
      const signed = await core.signIn.withPassword(String(values.email), String(values.password), context, {
        withToken: true,
        remember,
        idleTimeoutSeconds: remember ? lifetime : config.crdm.sessionIdleSeconds,
      });
      const previous = await currentSession(core, request);
      if (previous) await core.sessions.revoke(previous.session.id, context, previous.user.id);
      setSessionCookie(request, reply, signed.token!, remember ? lifetime : null);
      // The new session's XSRF token: the one fetched before sign-in (unbound) stops working.
      issueXsrfCookie(request, reply, signed.token!);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/logout',
    {
      preValidation: requireSession(core),
      schema: { hide, response: { 204: Type.Null(), 401: MessageSchema } },
    },
    async (request, reply) => {
      const { session, user } = signedIn(request);
      await core.sessions.revoke(session.id, requestContext(request, 'crdm'), user.id);
      clearSessionCookie(request, reply);
      // Laravel regenerates the CSRF token when the session is invalidated.
      issueXsrfCookie(request, reply, null);
      return reply.code(204).send(null);
    },
  );
};
