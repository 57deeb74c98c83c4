// Signing in and out of the console: `/` sends the visitor to their account or to
// the sign-in page; the sign-in checks the password through the kernel's one
// sign-in (per-account throttle, audit) behind the per-IP sign-in limit, opens a
// "console" session and goes back to `return_to` when it is a path of this site.
// A user with TOTP on gets the code page instead: the kernel's mfa_token waits in an
// HttpOnly, SameSite=Strict cookie of the sign-in paths (5 minutes, never in a URL or
// the page), and the code or a recovery code completes it (core.mfa.secondStep).
// "Forgot password" mails the reset link as the native API does.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCoreError } from '../../core/errors.js';
import { rateLimit } from '../../http/rate-limits.js';
import { requestContext } from '../../http/request-context.js';
import { pageLocale } from '../layout.js';
import {
  CONSOLE_API,
  MFA_COOKIE,
  PRE_SESSION_COOKIE,
  clearMfaCookie,
  clearSessionCookie,
  consoleSession,
  csrfMatches,
  preSessionSecret,
  safeReturnTo,
  setMfaCookie,
  setSessionCookie,
} from './console-session.js';
import { CsrfRefused, doneNotice, formOf, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { EmptyForm, formBody, required, text } from './form-schemas.js';
import { renderPage, wordsOf, type PageMessages } from './render.js';

const SignInForm = formBody({ email: required(254), password: required(1024), return_to: text(512) });
const CodeForm = formBody({ code: required(40), return_to: text(512) });
const ForgotForm = formBody({ email: required(254) });

export const signInPages: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, config, product } = ctx;

  const showSignIn = (request: FastifyRequest, reply: FastifyReply, returnTo: string | null, email: string, messages: PageMessages) =>
    renderPage(request, reply, 'sign-in', { product, viewer: null, csrfSecret: preSessionSecret(request, reply), passkeyScript: true },
      (w) => w.signInTitle, { returnTo, email }, messages);

  const showCode = (request: FastifyRequest, reply: FastifyReply, returnTo: string | null, messages: PageMessages) =>
    renderPage(request, reply, 'sign-in-code', { product, viewer: null, csrfSecret: preSessionSecret(request, reply) },
      (w) => w.mfaTitle, { returnTo }, messages);

  /** The pre-session form token of the signed-out forms. */
  const checkPreSessionCsrf = async (request: FastifyRequest) => {
    if (!csrfMatches(request.cookies[PRE_SESSION_COOKIE], formOf(request)._csrf)) throw new CsrfRefused();
  };

  app.get('/', { schema: { hide: true } }, async (request, reply) =>
    reply.redirect((await consoleSession(core, request)) ? '/account' : '/account/sign-in', 303),
  );

  app.get('/account/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.return_to);
    if (await consoleSession(core, request)) return reply.redirect(returnTo ?? '/account', 303);
    const w = wordsOf(request, null);
    const notice = doneNotice(request, { 'signed-out': w.signedOut, deleted: w.accountDeleted, ended: w.sessionEnded });
    return showSignIn(request, reply, returnTo, '', { notice });
  });

  app.post(
    '/account/sign-in',
    { config: rateLimit(config, 'signIn'), preHandler: checkPreSessionCsrf, schema: { hide: true, body: SignInForm } },
    async (request, reply) => {
      const { email, password } = request.body;
      const returnTo = safeReturnTo(request.body.return_to);
      try {
        const step = await core.signIn.start(email, password, requestContext(request, CONSOLE_API), {
          withToken: true,
          idleTimeoutSeconds: config.console.sessionIdleSeconds,
        });
        if (step.kind === 'mfa_required') {
          // The mfa_token stays in an HttpOnly cookie of the sign-in paths, never in a URL or the page.
          setMfaCookie(request, reply, step.mfaToken);
          return showCode(request, reply, returnTo, {});
        }
        setSessionCookie(request, reply, step.token!);
        return reply.redirect(returnTo ?? '/account', 303);
      } catch (error) {
        const w = wordsOf(request, null);
        if (isCoreError(error, 'invalid_credentials')) {
          return showSignIn(request, reply.code(401), returnTo, email, { error: w.invalidCredentials });
        }
        if (isCoreError(error, 'too_many_attempts')) {
          const seconds = error.details.retryAfterSeconds ?? 60;
          reply.header('retry-after', String(seconds));
          return showSignIn(request, reply.code(429), returnTo, email, { error: w.tooMany.replace('{seconds}', String(seconds)) });
        }
        throw error;
      }
    },
  );

  app.get('/account/sign-in/code', { schema: { hide: true } }, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    const token = request.cookies[MFA_COOKIE];
    if (!token || !(await core.mfa.secondStep.pendingUser(token, CONSOLE_API))) {
      const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : '';
      return reply.redirect(`/account/sign-in${query}`, 303);
    }
    return showCode(request, reply, returnTo, {});
  });

  app.post(
    '/account/sign-in/code',
    { config: rateLimit(config, 'signIn'), preHandler: checkPreSessionCsrf, schema: { hide: true, body: CodeForm } },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.body.return_to);
      const token = request.cookies[MFA_COOKIE] ?? '';
      const w = wordsOf(request, null);
      const code = request.body.code.trim();
      const digits = code.replace(/\s+/g, '');
      const factor = /^\d{6}$/.test(digits) ? { otp: digits } : { recoveryCode: code };
      try {
        const signedIn = await core.mfa.secondStep.complete(token, factor, requestContext(request, CONSOLE_API), {
          withToken: true,
          idleTimeoutSeconds: config.console.sessionIdleSeconds,
        });
        clearMfaCookie(request, reply);
        setSessionCookie(request, reply, signedIn.token!);
        return reply.redirect(returnTo ?? '/account', 303);
      } catch (error) {
        if (isCoreError(error, 'invalid_grant')) {
          if (token && (await core.mfa.secondStep.pendingUser(token, CONSOLE_API))) {
            return showCode(request, reply.code(401), returnTo, { error: w.mfaWrongCode });
          }
          clearMfaCookie(request, reply);
          return showSignIn(request, reply.code(401), returnTo, '', { error: w.mfaExpired });
        }
        if (isCoreError(error, 'too_many_attempts')) {
          const seconds = error.details.retryAfterSeconds ?? 60;
          reply.header('retry-after', String(seconds));
          return showCode(request, reply.code(429), returnTo, { error: w.tooMany.replace('{seconds}', String(seconds)) });
        }
        throw error;
      }
    },
  );

  app.post(
    '/account/sign-out',
    { preHandler: requireConsoleSession(ctx), schema: { hide: true, body: EmptyForm } },
    async (request, reply) => {
      const { session, user } = visitOf(request);
      await core.sessions.revoke(session.id, requestContext(request, CONSOLE_API), user.id);
      clearSessionCookie(request, reply);
      return reply.redirect('/account/sign-in?done=signed-out', 303);
    },
  );

  const showForgot = (request: FastifyRequest, reply: FastifyReply, sent: boolean) =>
    renderPage(request, reply, 'forgot-password', { product, viewer: null, csrfSecret: preSessionSecret(request, reply) },
      (w) => w.forgotTitle, { sent }, { notice: sent ? wordsOf(request, null).forgotSent : null });

  app.get('/account/forgot-password', { schema: { hide: true } }, async (request, reply) => showForgot(request, reply, false));

  app.post(
    '/account/forgot-password',
    { config: rateLimit(config, 'mail'), preHandler: checkPreSessionCsrf, schema: { hide: true, body: ForgotForm } },
    async (request, reply) => {
      await core.passwordReset.request(request.body.email, { link: ctx.links.resetPassword, locale: pageLocale(request) });
      return showForgot(request, reply, true);
    },
  );
};
