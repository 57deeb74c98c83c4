// Seed 000's "mode connecté": every action carries the user's email and the token
// given by login (parameters `token` and `email`/`email_user`, or an
// `Authorization: Bearer` header). The pair must match: a user acts on their own
// account, an admin on anyone's. Each valid use moves the token's last activity.

import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../core/errors.js';
import type { Core } from '../../core/index.js';
import { normalizeEmail } from '../../core/email.js';
import type { Session, User } from '../../core/model.js';
import { bearerToken } from '../../http/request-context.js';
import type { Params } from './params.js';
import { MYCLASS_NARROWING } from './narrowing.js';

export const MYCLASS_API = 'myclass';

export interface Acting {
  /** Who holds the token. */
  caller: User;
  session: Session;
  /** Whose data the call is about (the caller, or anyone for an admin). */
  target: User;
}

export async function authorize(core: Core, request: FastifyRequest, params: Params, emailNames: string[]): Promise<Acting> {
  const token = params.nonEmpty('token') ?? bearerToken(request);
  if (!token) throw new CoreError('unauthenticated');
  const email = params.nonEmpty(...emailNames);
  if (!email) throw new CoreError('validation_failed', { fields: { [emailNames[0]!]: ['is required'] } });
  // Only this API's login tokens: a crdm cookie value is an id.secret too, refused by the kernel.
  const { session, user: caller } = await core.sessions.validateToken(token, MYCLASS_API);
  if (normalizeEmail(email) === normalizeEmail(caller.email)) return { caller, session, target: caller };
  // Another account: the kernel's policy decides, narrowed to this document's "an admin on anyone's".
  const target = await core.users.getByEmail(caller, email, MYCLASS_NARROWING);
  return { caller, session, target };
}
