// POST /v1/token: the OAuth2 token endpoint (RFC 6749), form or JSON, with the
// password and refresh_token grants. Its errors follow RFC 6749 §5.2, not
// problem+json, so this route has its own error handler.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import type { Core } from '../../../core/index.js';
import type { Session, User } from '../../../core/model.js';
import { classifyFailure } from '../../../http/failures.js';
import { tokenEndpointRateLimit } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { NativeOptions } from '../index.js';

const TokenBody = Type.Object({
  grant_type: Type.String({ maxLength: 100 }),
  username: Type.Optional(Type.String({ maxLength: 1024 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  refresh_token: Type.Optional(Type.String({ maxLength: 1024 })),
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
        summary: 'OAuth2 token endpoint: password and refresh_token grants',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenBody,
        response: { 200: TokenResponse, 400: OAuthError, 413: OAuthError, 415: OAuthError, 429: OAuthError, 500: OAuthError },
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
        const { user, session } = await core.signIn.withPassword(body.username, body.password, context);
        return issueTokens(core, user, session);
      }
      if (body.grant_type === 'refresh_token') {
        if (!body.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required.');
        const { user, session, refreshToken } = await core.refreshTokens.rotate(body.refresh_token, context);
        return issueTokens(core, user, session, refreshToken);
      }
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be password or refresh_token.');
    },
  );
};
