// The links of seed 000's mails: activate_user_account (the activation link of
// add_user_account: login works once it is opened) and confirm_user_email (the
// link sent to a new address by update_user_account). Both answer GET, as a mail
// client opens them, and POST.

import type { FastifyInstance } from 'fastify';
import { isCoreError } from '../../../core/errors.js';
import { requestContext } from '../../../http/request-context.js';
import { MYCLASS_API } from '../auth.js';
import { messagesFor, MyclassFailure } from '../errors.js';
import type { MyclassOptions } from '../index.js';
import { ACTIVATION_ENDPOINT, EMAIL_CONFIRMATION_ENDPOINT } from '../links.js';
import { Params } from '../params.js';
import { endpoint, success } from '../route.js';

/** A bad link is told as such, not as a bad session token. */
async function followLink<T>(work: () => Promise<T>, badLink: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isCoreError(error, 'token_invalid') || isCoreError(error, 'token_expired')) throw new MyclassFailure(badLink);
    throw error;
  }
}

export async function activationRoutes(app: FastifyInstance, { core }: MyclassOptions): Promise<void> {
  endpoint(app, ACTIVATION_ENDPOINT, { summary: 'The link of the activation mail' }, async (request) => {
    const m = messagesFor(request);
    const token = Params.from(request).nonEmpty('token');
    if (!token) throw new MyclassFailure(m.activationLinkInvalid);
    await followLink(() => core.verification.confirm(token, requestContext(request, MYCLASS_API)), m.activationLinkInvalid);
    return success(m.accountActivated);
  });

  endpoint(app, EMAIL_CONFIRMATION_ENDPOINT, { summary: 'The link sent to a new email address' }, async (request) => {
    const m = messagesFor(request);
    const token = Params.from(request).nonEmpty('token');
    if (!token) throw new MyclassFailure(m.emailLinkInvalid);
    const user = await followLink(
      () => core.emailChange.confirm(token, requestContext(request, MYCLASS_API)),
      m.emailLinkInvalid,
    );
    return success(m.emailConfirmed(user.email));
  });
}
