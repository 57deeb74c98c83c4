// POST /v1/token: the OAuth2 token endpoint (RFC 6749), form or JSON, with the
// password and refresh_token grants and the two-step ones (mfa, passkey). Its
// errors follow RFC 6749 §5.2, not problem+json, so this route has its own error
// handler. A password that is right for a user with TOTP on answers 403
// mfa_required with an mfa_token (the practice of the major token services for
// this step; the other errors stay 400 as RFC 6749 says).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import type { Core } from '../../../core/index.js';
import type { Session, User } from '../../../core/model.js';
import { classifyFailure } from '../../../http/failures.js';
import { tokenEndpointRateLimit } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { NativeOptions } from '../index.js';

export const MFA_GRANT = 'urn:sesame:grant-type:mfa';
export const PASSKEY_GRANT = 'urn:sesame:grant-type:passkey';

const TokenBody = Type.Object({
  grant_type: Type.String({ maxLength: 100 }),
  username: Type.Optional(Type.String({ maxLength: 1024 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  refresh_token: Type.Optional(Type.String({ maxLength: 1024 })),
  mfa_token: Type.Optional(Type.String({ maxLength: 200, description: `grant_type=${MFA_GRANT}: from the 403 mfa_required answer` })),
  otp: Type.Optional(Type.String({ maxLength: 20, description: `grant_type=${MFA_GRANT}: the 6-digit code of the authenticator app` })),
  recovery_code: Type.Optional(Type.String({ maxLength: 40, description: `grant_type=${MFA_GRANT}: a recovery code, instead of otp` })),
  challenge_id: Type.Optional(Type.String({ maxLength: 100, description: `grant_type=${PASSKEY_GRANT}: from /v1/passkeys/authentication-options` })),
  response: Type.Optional(
    Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: 16384 })], {
      description: `grant_type=${PASSKEY_GRANT}: the assertion (WebAuthn JSON) of navigator.credentials.get(), as an object or a JSON string`,
    }),
  ),
  scope: Type.Optional(Type.String({ maxLength: 1024 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
});

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.String(),
});

const OAuthError = Type.Object({ error: Type.String(), error_description: Type.String() });

const MfaRequired = Type.Object(
  {
    error: Type.Literal('mfa_required'),
    error_description: Type.String(),
    mfa_token: Type.String({ description: `lives 5 minutes; send it with otp or recovery_code as grant_type=${MFA_GRANT}` }),
  },
  {
    description:
      'The password is right and two-step verification is on: no tokens yet. 403, not 400, follows the practice of the major token services for this step (DESIGN decision).',
  },
);

/** A passkey assertion may come as JSON or, in a form body, as a JSON string. */
function parseAssertion(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  reply.header('cache-control', 'no-store');
  return reply.code(status).send({ error, error_description: description });
}

async function issueTokens(core: Core, user: User, session: Session, refreshToken?: string) {
  const access = await core.accessTokens.issue(user, session);
  return {
    access_token: access.token,
    token_type: 'Bearer' as const,
    expires_in: access.expiresIn,
    refresh_token: refreshToken ?? (await core.refreshTokens.issue(session)),
  };
}

export const tokenRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core, config }) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = classifyFailure(error, request, reply);
    switch (failure.kind) {
      case 'core':
        if (failure.error.code === 'too_many_attempts') return oauthError(reply, 429, 'invalid_grant', failure.error.message);
        if (failure.error.code === 'invalid_credentials' || failure.error.code === 'invalid_grant') {
          return oauthError(reply, 400, 'invalid_grant', failure.error.message);
        }
        return oauthError(reply, 400, 'invalid_request', failure.error.message);
      case 'rate_limited':
        return oauthError(reply, 429, 'slow_down', 'Too many requests from this address; try again later.');
      case 'validation':
        return oauthError(reply, 400, 'invalid_request', Object.keys(failure.fields).map((f) => `${f}: ${failure.fields[f]!.join(', ')}`).join('; '));
      case 'payload_too_large':
        return oauthError(reply, 413, 'invalid_request', 'The request body is too large (1 MiB at most).');
      case 'unsupported_media_type':
        return oauthError(reply, 415, 'invalid_request', 'Send application/x-www-form-urlencoded or application/json.');
      case 'bad_request':
        return oauthError(reply, failure.status, 'invalid_request', 'The request could not be read.');
      case 'internal':
        return oauthError(reply, 500, 'server_error', `Something went wrong on our side (request ${failure.requestId}).`);
    }
  });

  app.post(
    '/v1/token',
    {
      config: tokenEndpointRateLimit(config),
      schema: {
        tags: ['tokens'],
        summary: `OAuth2 token endpoint: password, refresh_token, ${MFA_GRANT} and ${PASSKEY_GRANT} grants`,
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenBody,
        response: { 200: TokenResponse, 400: OAuthError, 403: MfaRequired, 413: OAuthError, 415: OAuthError, 429: OAuthError, 500: OAuthError },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const context = requestContext(request, 'native');
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      if (body.grant_type === 'password') {
        if (!body.username || body.password === undefined) {
          return oauthError(reply, 400, 'invalid_request', 'username and password are required.');
        }
        const step = await core.signIn.start(body.username, body.password, context);
        if (step.kind === 'mfa_required') {
          return reply.code(403).send({
            error: 'mfa_required',
            error_description: 'Two-step verification is on: send the mfa_token with otp or recovery_code.',
            mfa_token: step.mfaToken,
          });
        }
        return issueTokens(core, step.user, step.session);
      }
      if (body.grant_type === MFA_GRANT) {
        const factor = body.otp !== undefined ? { otp: body.otp } : body.recovery_code !== undefined ? { recoveryCode: body.recovery_code } : null;
        if (!body.mfa_token || !factor) {
          return oauthError(reply, 400, 'invalid_request', 'mfa_token and otp (or recovery_code) are required.');
        }
        const { user, session } = await core.mfa.secondStep.complete(body.mfa_token, factor, context);
        return issueTokens(core, user, session);
      }
      if (body.grant_type === PASSKEY_GRANT) {
        if (!body.challenge_id || body.response === undefined) {
          return oauthError(reply, 400, 'invalid_request', 'challenge_id and response are required.');
        }
        const { user, session } = await core.mfa.passkeySignIn.signIn(body.challenge_id, parseAssertion(body.response), context);
        return issueTokens(core, user, session);
      }
      if (body.grant_type === 'refresh_token') {
        if (!body.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required.');
        const { user, session, refreshToken } = await core.refreshTokens.rotate(body.refresh_token, context);
        return issueTokens(core, user, session, refreshToken);
      }
      return oauthError(reply, 400, 'unsupported_grant_type', `grant_type must be password, refresh_token, ${MFA_GRANT} or ${PASSKEY_GRANT}.`);
    },
  );
};
