// The signed-in user's settings: password (the document's rules; other sessions
// end) and the dark-mode preference, both answering the user as a one-element
// array; and the email address, which changes only when the link mailed to the
// new address is followed.

import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isCoreError } from '../../../core/errors.js';
import { spendBudgets } from '../../../http/rate-limits.js';
import { requestContext } from '../../../http/request-context.js';
import type { ApiOptions } from '../../registry.js';
import { fieldMessage, translate } from '../messages.js';
import { confirmEmailLink } from '../mail-links.js';
import { assertCrdmPassword, crdmPasswordPolicy, reportPolicyOn } from '../password-rules.js';
import { localeOf, signedIn } from '../request-state.js';
import { requireSession } from '../session-auth.js';
import { toBoolean, validate, ValidationFailed } from '../validation.js';
import { MessageSchema, StatusSchema, UserArraySchema, ValidationSchema, userToWire } from '../wire.js';
import { crdmIds } from '../ids.js';

const hide = true;

export const settingsRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { core, store, config }) => {
  app.addHook('preValidation', requireSession(core));
  const response = { 200: UserArraySchema, 401: MessageSchema, 422: ValidationSchema };

  app.patch('/api/user/settings/password', { schema: { hide, response } }, async (request) => {
    const { user, session } = signedIn(request);
    const locale = localeOf(request);
    const values = validate(
      request.body,
      {
        old_password: ['required', 'string', { max: 255 }],
        new_password: ['required', 'string', { max: 255 }, 'confirmed'],
      },
      locale,
    );
    const newPassword = String(values.new_password);
    const wording = { locale, field: 'new_password', other: 'old_password' };
    assertCrdmPassword(core, newPassword, { email: user.email, sameAs: String(values.old_password) }, wording);
    try {
      await core.passwordChange.change(
        {
          userId: user.id,
          currentSessionId: session.id,
          currentPassword: String(values.old_password),
          newPassword,
        },
        requestContext(request, 'crdm'),
        { passwordPolicy: crdmPasswordPolicy(core) },
      );
    } catch (error) {
      if (isCoreError(error, 'invalid_credentials')) {
        throw new ValidationFailed({ old_password: [fieldMessage(locale, 'current_password', 'old_password')] });
      }
      reportPolicyOn(core, error, wording);
    }
    return [userToWire(await crdmIds(core).show(await core.accounts.get(user.id)))];
  });

  app.patch(
    '/api/user/settings/email',
    { schema: { hide, response: { 200: StatusSchema, 401: MessageSchema, 422: ValidationSchema } } },
    async (request) => {
      const { user } = signedIn(request);
      const locale = localeOf(request);
      const values = validate(request.body, { email: ['required', 'string', 'email', { max: 255 }] }, locale);
      // Mail to another address, and an "already taken" answer that must not enumerate
      // accounts faster than this: the account's budget as well as the IP's.
      await spendBudgets(request, { config, store }, 'mail', user.id);
      await core.emailChange.request(user, String(values.email).trim(), {
        link: confirmEmailLink(config),
        locale,
        context: requestContext(request, 'crdm'),
      });
      return { status: translate(locale, 'email_change_sent') };
    },
  );

  app.patch('/api/user/preferences/darkMode', { schema: { hide, response } }, async (request) => {
    const { user } = signedIn(request);
    const values = validate(request.body, { state: ['required', 'boolean'] }, localeOf(request));
    const updated = await core.accounts.updateProfile(
      user.id,
      { darkMode: toBoolean(values.state) === true },
      requestContext(request, 'crdm'),
    );
    return [userToWire(await crdmIds(core).show(updated))];
  });
};
