// The crdm API's authentication: the session cookie's opaque token, checked by
// the core on every request (idle and absolute lifetime, revocation, deleted
// user), so a logout or a password change elsewhere takes effect at once.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';
import type { Core } from '../../core/index.js';
import { sessionToken } from './cookies.js';

/** The `api` of crdm's sessions (requestContext(request, CRDM_API) at login). */
export const CRDM_API = 'crdm';

/** The session of the request's cookie, or null when there is none or it is no longer valid. */
export async function currentSession(core: Core, request: FastifyRequest) {
  const token = sessionToken(request);
  if (!token) return null;
  try {
    // Only sessions crdm's own login opened: another API's opaque token is no cookie here.
    return await core.sessions.validateToken(token, CRDM_API);
  } catch (error) {
    if (error instanceof CoreError) return null;
    throw error;
  }
}

/** A preValidation hook that admits only signed-in users and leaves them on request.crdmAuth. */
export function requireSession(core: Core) {
  return async (request: FastifyRequest) => {
    const found = await currentSession(core, request);
    if (!found) throw new CoreError('unauthenticated');
    request.crdmAuth = found;
  };
}
