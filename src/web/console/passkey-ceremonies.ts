// The JSON calls of the console's passkey script (src/web/assets/passkeys.js):
// registration on /account (options, then the browser's answer) and the sign-in
// with a discoverable passkey (options, then the assertion), which ends in a
// console session exactly as a password sign-in does (return_to kept when it is a
// path of this site; the kernel audits it). The WebAuthn checks are the kernel's
// (core.mfa.passkeys, core.mfa.passkeySignIn), as for the native routes.
//
// Each call must come from a page of this site: an Origin of PUBLIC_URL and the
// page's form token in X-CSRF-Token (the session's, or before sign-in the
// pre-session cookie's). Answers are JSON, failures `{ error, message }` in the
// visitor's language, which the script shows as they are.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isCoreError } from '../../core/errors.js';
import { RateLimitedError, rateLimit } from '../../http/rate-limits.js';
import { requestContext } from '../../http/request-context.js';
import {
  CONSOLE_API,
  PRE_SESSION_COOKIE,
  consoleSession,
  csrfMatches,
  safeReturnTo,
  setSessionCookie,
  type ConsoleVisit,
} from './console-session.js';
import { CsrfRefused, type ConsoleContext } from './context.js';
import { wordsOf } from './render.js';

const CSRF_HEADER = 'x-csrf-token';
const Credential = Type.Object({}, { additionalProperties: true, description: 'WebAuthn JSON of the browser' });
const NoBody = Type.Optional(Type.Object({}, { additionalProperties: false }));
const RegisterBody = Type.Object({ response: Credential, name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });
const SignInBody = Type.Object(
  { challenge_id: Type.String({ minLength: 1, maxLength: 100 }), response: Credential, return_to: Type.Optional(Type.String({ maxLength: 512 })) },
  { additionalProperties: false },
);

/** No console session: the script shows the message (the page has expired). */
class SignedOut extends Error {}

const visits = new WeakMap<FastifyRequest, ConsoleVisit>();

export const passkeyCeremonies: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, config } = ctx;
  const origin = new URL(config.publicUrl).origin;

  /** From a page of this site: its Origin, and the form token bound to the secret the browser holds. */
  const fromOurPage = (request: FastifyRequest, secret: string | undefined) => {
    if (request.headers.origin !== origin || !csrfMatches(secret, request.headers[CSRF_HEADER])) throw new CsrfRefused();
  };
  const signedIn = async (request: FastifyRequest) => {
    const visit = await consoleSession(core, request);
    if (!visit) throw new SignedOut();
    fromOurPage(request, visit.token);
    visits.set(request, visit);
  };
  const signedOut = async (request: FastifyRequest) => fromOurPage(request, request.cookies[PRE_SESSION_COOKIE]);
  const visitOf = (request: FastifyRequest) => visits.get(request)!;

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const w = wordsOf(request, visits.get(request)?.user ?? (await consoleSession(core, request).catch(() => null))?.user ?? null);
    const answer = (status: number, code: string, message: string) =>
      reply.code(status).header('cache-control', 'no-store').send({ error: code, message });
    if (error instanceof CsrfRefused) return answer(403, 'csrf', w.csrf);
    if (error instanceof SignedOut) return answer(401, 'signed_out', w.sessionEnded);
    const retryAfter = error instanceof RateLimitedError ? error.retryAfterSeconds
      : isCoreError(error, 'too_many_attempts') ? (error.details.retryAfterSeconds ?? 60) : null;
    if (retryAfter !== null) {
      reply.header('retry-after', String(retryAfter));
      return answer(429, 'too_many_requests', w.tooMany.replace('{seconds}', String(retryAfter)));
    }
    if (isCoreError(error, 'invalid_grant')) return answer(400, 'invalid_grant', w.passkeySignInFailed);
    if (isCoreError(error, 'validation_failed')) return answer(400, 'passkey_refused', w.passkeyAddFailed);
    if (error.validation || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
      return answer(error.statusCode === 415 || error.statusCode === 413 ? error.statusCode : 400, 'bad_request', w.badRequest);
    }
    request.log.error({ err: error }, 'console passkeys: unexpected error');
    return answer(500, 'server_error', w.failure.replace('{id}', request.id));
  });

  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.post('/account/passkeys/options', { preHandler: signedIn, schema: { hide: true, body: NoBody } }, async (request, reply) => {
    noStore(reply);
    return core.mfa.passkeys.registrationOptions(visitOf(request).user);
  });

  app.post('/account/passkeys', { preHandler: signedIn, schema: { hide: true, body: RegisterBody } }, async (request, reply) => {
    const { user } = visitOf(request);
    const passkey = await core.mfa.passkeys.register(user, request.body.response, request.body.name, requestContext(request, CONSOLE_API));
    return noStore(reply.code(201)).send({ id: passkey.id, name: passkey.name, redirect: '/account?done=passkey-added' });
  });

  app.post(
    '/account/sign-in/passkey/options',
    { config: rateLimit(config, 'signIn'), preHandler: signedOut, schema: { hide: true, body: NoBody } },
    async (_request, reply) => {
      noStore(reply);
      const { challengeId, options } = await core.mfa.passkeySignIn.options();
      return { challenge_id: challengeId, options };
    },
  );

  app.post(
    '/account/sign-in/passkey',
    { config: rateLimit(config, 'signIn'), preHandler: signedOut, schema: { hide: true, body: SignInBody } },
    async (request, reply) => {
      const { challenge_id: challengeId, response } = request.body;
      const signedInNow = await core.mfa.passkeySignIn.signIn(challengeId, response, requestContext(request, CONSOLE_API), {
        withToken: true,
        idleTimeoutSeconds: config.console.sessionIdleSeconds,
      });
      setSessionCookie(request, reply, signedInNow.token!);
      return noStore(reply).send({ redirect: safeReturnTo(request.body.return_to) ?? '/account' });
    },
  );
};
