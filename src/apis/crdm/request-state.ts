// What the crdm plugin learns about a request: the signed-in user and session
// (from the session cookie) and the locale its messages are written in.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';
import type { Locale, Session, User } from '../../core/model.js';
import { negotiateLocale } from '../../i18n/negotiate-locale.js';

export interface CrdmAuth {
  user: User;
  session: Session;
}

declare module 'fastify' {
  interface FastifyRequest {
    crdmAuth: CrdmAuth | null;
  }
}

/** The user's `localisation` when signed in, else Accept-Language, else English (Laravel's default). */
export function localeOf(request: FastifyRequest): Locale {
  return request.crdmAuth?.user.locale ?? negotiateLocale(request.headers['accept-language'], 'en');
}

/** The signed-in user of a route guarded by requireSession. */
export function signedIn(request: FastifyRequest): CrdmAuth {
  if (!request.crdmAuth) throw new CoreError('unauthenticated');
  return request.crdmAuth;
}
