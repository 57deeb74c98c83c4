// Sign-in by `Authorization: Bearer <access token>`, for the APIs that take only
// that header (native, coinduchef): core.authenticate checks the token's signature,
// issuer, audience and expiry and that its session is still alive, on every
// request, so a logout or a password change made through any API applies at once.
// Each API decorates the request in its own plugin and maps the errors itself.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../core/errors.js';
import type { Core } from '../core/index.js';
import type { Session, User } from '../core/model.js';
import { bearerToken } from './request-context.js';

export interface BearerAuth {
  user: User;
  session: Session;
}

declare module 'fastify' {
  interface FastifyRequest {
    bearerAuth: BearerAuth | null;
  }
}

export function decorateBearerAuth(app: FastifyInstance): void {
  app.decorateRequest('bearerAuth', null);
}

export async function authenticate(core: Core, request: FastifyRequest): Promise<BearerAuth> {
  const token = bearerToken(request);
  if (!token) throw new CoreError('unauthenticated');
  const { session, user } = await core.authenticate(token);
  return { user, session };
}

/** A hook that admits only signed-in users and leaves them on request.bearerAuth. */
export function requireUser(core: Core) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.bearerAuth = await authenticate(core, request);
  };
}

/** The authenticated user of a route guarded by requireUser. */
export function signedIn(request: FastifyRequest): BearerAuth {
  if (!request.bearerAuth) throw new CoreError('unauthenticated');
  return request.bearerAuth;
}
