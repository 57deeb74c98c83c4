// "TOKEN REQUIRED": the token comes as `Authorization: Bearer`, `x-access-token` or
// a `token` parameter (query, form or JSON). It is a core access token (a JWT, like
// the document's examples), and the session behind it must still be alive, so a
// deletion, a logout or a replayed refresh token elsewhere stops it at once.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';
import type { Core } from '../../core/index.js';
import type { Session, User } from '../../core/model.js';
import { bearerToken } from '../../http/request-context.js';
import type { Params } from './params.js';

export interface UserapiAuth {
  user: User;
  session: Session;
}

const MAX_TOKEN_LENGTH = 4096;

/** The first token found among the header forms and the given parameter names. */
export function presentedToken(request: FastifyRequest, params: Params, names: readonly string[]): string | null {
  const header = request.headers['x-access-token'];
  const candidates: unknown[] = [bearerToken(request), Array.isArray(header) ? header[0] : header];
  for (const name of names) candidates.push(params[name]);
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') {
      if (candidate.length > MAX_TOKEN_LENGTH) throw new CoreError('token_invalid');
      return candidate.trim();
    }
  }
  return null;
}

export async function authenticate(core: Core, request: FastifyRequest, params: Params): Promise<UserapiAuth> {
  const token = presentedToken(request, params, ['token']);
  if (!token) throw new CoreError('unauthenticated');
  const { session, user } = await core.authenticate(token);
  return { user, session };
}
