// The native API's authentication: a Bearer access token whose signature, issuer,
// audience and expiry hold, and whose session is still alive (src/http/bearer-auth.ts).

export { authenticate, requireUser, signedIn, type BearerAuth as NativeAuth } from '../../http/bearer-auth.js';
