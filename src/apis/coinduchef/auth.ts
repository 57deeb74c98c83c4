// Coin du Chef's authentication: `Authorization: Bearer <access token>` (the
// token of POST /token), whose signature and expiry hold and whose session is
// still alive, checked on every request so a logout or a password change made
// through any API takes effect here at once.

// The routes use requireUser as a preValidation hook: authentication before body
// validation, as FastAPI does.
export { authenticate, requireUser, signedIn, type BearerAuth as CoinduchefAuth } from '../../http/bearer-auth.js';

/** The documented lifetime of a token, which is also its session's. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;

/** FastAPI answers a path with or without its trailing slash; so does this API. */
export const bothSlashes = (path: string): [string, string] =>
  path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
