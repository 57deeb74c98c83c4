// The native API's authentication: a Bearer access token whose signature, issuer,
// audience and expiry hold, and whose session is still alive. The session check
// is what makes logout and password changes take effect at once.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/index.js';
import { CoreError } from '../../core/errors.js';
import type { Session, User } from '../../core/model.js';
import { bearerToken } from '../../http/request-context.js';

export interface NativeAuth {
  user: User;
  session: Session;
}

declare module 'fastify' {
  interface FastifyRequest {
    nativeAuth: NativeAuth | null;
  }
}

export async function authenticate(core: Core, request: FastifyRequest): Promise<NativeAuth> {
  const token = bearerToken(request);
  if (!token) throw new CoreError('unauthenticated');
  const { session, user } = await core.authenticate(token);
  return { user, session };
}

/** A preHandler that admits only signed-in users and leaves them on request.nativeAuth. */
export function requireUser(core: Core) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.nativeAuth = await authenticate(core, request);
  };
}

/** The authenticated user of a route guarded by requireUser. */
export function signedIn(request: FastifyRequest): NativeAuth {
  if (!request.nativeAuth) throw new CoreError('unauthenticated');
  return request.nativeAuth;
}
