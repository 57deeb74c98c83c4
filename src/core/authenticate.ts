// What every API that takes a Bearer access token asks: is the signature, issuer,
// audience and expiry good, and is the session behind it still alive and the
// user's own? One place, so logout or a password change ends access everywhere.

import type { AccessTokens } from './access-tokens.js';
import { CoreError } from './errors.js';
import type { Sessions, ValidSession } from './sessions.js';

export async function authenticateAccessToken(
  accessTokens: AccessTokens,
  sessions: Sessions,
  token: string,
): Promise<ValidSession> {
  const claims = await accessTokens.verify(token);
  const valid = await sessions.validate(claims.sessionId);
  if (valid.session.userId !== claims.userId) throw new CoreError('token_invalid');
  return valid;
}
