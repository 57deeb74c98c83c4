// Coin du Chef's authentication: `Authorization: Bearer <access token>` (the
// token of POST /token), whose signature and expiry hold and whose session is
// still alive, checked on every request so a logout or a password change made
// through any API takes effect here at once.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';
import type { Core } from '../../core/index.js';
import type { Session, User } from '../../core/model.js';
import { bearerToken } from '../../http/request-context.js';

/** The documented lifetime of a token, which is also its session's. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

export interface CoinduchefAuth {
  user: User;
  session: Session;
}

declare module 'fastify' {
  interface FastifyRequest {
    coinduchefAuth: CoinduchefAuth | null;
  }
}

export async function authenticate(core: Core, request: FastifyRequest): Promise<CoinduchefAuth> {
  const token = bearerToken(request);
  if (!token) throw new CoreError('unauthenticated');
  const { session, user } = await core.authenticate(token);
  return { user, session };
}

/** A preValidation hook (authentication before body validation, as FastAPI) that admits only signed-in users and leaves them on request.coinduchefAuth. */
export function requireUser(core: Core) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.coinduchefAuth = await authenticate(core, request);
  };
}

export function signedIn(request: FastifyRequest): CoinduchefAuth {
  if (!request.coinduchefAuth) throw new CoreError('unauthenticated');
  return request.coinduchefAuth;
}

/** FastAPI answers a path with or without its trailing slash; so does this API. */
export const bothSlashes = (path: string): [string, string] =>
  path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
