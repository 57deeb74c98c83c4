// /account: the signed-in user's own page. Profile, email change (confirmed by a
// mailed link), password change (the current one asked; other sessions end),
// sessions (end one, or all others), deletion (password and a tick asked). Each
// form is one kernel call, the same the native /v1/me routes make; a refusal
// shows the page again with the reason. Two-step verification: TOTP enrolment
// (password, then the QR code and the key, then a first code), the recovery codes
// shown once, new recovery codes and turning it off (password) — core.mfa.totp.
// Passkeys are renamed and removed by forms here; adding one is the WebAuthn
// ceremony of the page's script and its JSON calls (passkey-ceremonies.ts).
// Connected applications: the OpenID Connect consents, each withdrawn as
// DELETE /v1/me/consents/{client_id} does (the client's sessions and tokens end).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import { rateLimit, spendBudgets } from '../../http/rate-limits.js';
import { requestContext } from '../../http/request-context.js';
import { isCoreError } from '../../core/errors.js';
import { totpFor } from '../../core/mfa/codes.js';
import { pageLocale } from '../layout.js';
import { CONSOLE_API, clearSessionCookie, type ConsoleVisit } from './console-session.js';
import { doneNotice, formOf, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { deviceLabel } from './device-label.js';
import { showFailure } from './failures.js';
import { EmptyForm, formBody, required, text } from './form-schemas.js';
import { LANGUAGES, PROFILE_FIELDS, profilePatchFromForm, profileValues } from './profile-form.js';
import { renderPage, wordsOf, type PageMessages } from './render.js';
import { scopePhrases } from './scope-words.js';

const ProfileForm = formBody({
  ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f.name, text(f.max)])),
  locale: text(8),
  dark_mode: text(8),
});
const EmailForm = formBody({ new_email: required(254), password: required(1024) });
const PasswordForm = formBody({
  username: text(254),
  current_password: required(1024),
  new_password: required(1024),
  confirm_password: required(1024),
});
const PasswordOnlyForm = formBody({ password: required(1024) });
const TotpConfirmForm = formBody({ code: required(20), secret: text(128) });
const ConsentParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 64 }) });
const PasskeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const PasskeyNameForm = formBody({ name: required(100) });
const DeleteForm = formBody({ password: required(1024), confirm: text(8) });

function qrDataUri(otpauthUrl: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(renderSVG(otpauthUrl)).toString('base64')}`;
}

export const accountPages: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, config, store, product } = ctx;
  app.addHook('preHandler', requireConsoleSession(ctx));
  const context = (request: FastifyRequest) => requestContext(request, CONSOLE_API);

  async function showAccount(request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, messages: PageMessages = {}) {
    const w = wordsOf(request, visit.user);
    const sessions = (await core.sessions.list(visit.user.id)).map((s) => ({
      ...s,
      device: deviceLabel(s.userAgent, w.unknownDevice),
      current: s.id === visit.session.id,
    }));
    return renderPage(
      request,
      reply,
      'account',
      { product, viewer: visit.user, csrfSecret: visit.token, section: 'account', passkeyScript: true },
      (words) => words.accountTitle,
      {
        profile: profileValues(visit.user),
        profileFields: PROFILE_FIELDS,
        languages: LANGUAGES,
        sessions,
        mfa: await core.mfa.totp.status(visit.user.id),
        passkeys: await core.mfa.passkeys.list(visit.user.id),
        consents: (await ctx.consents.consents(visit.user)).map((consent) => ({ ...consent, access: scopePhrases(consent.scopes, w) })),
        minLength: config.password.minLength,
      },
      messages,
    );
  }

  /** Runs a change; a refusal the visitor can act on shows the page again with it. */
  async function change(request: FastifyRequest, reply: FastifyReply, work: (visit: ConsoleVisit) => Promise<string | void>) {
    const visit = visitOf(request);
    try {
      const done = await work(visit);
      if (!reply.sent) return reply.redirect(`/account${done ? `?done=${done}` : ''}`, 303);
      return reply;
    } catch (error) {
      return refused(request, reply, visit, error);
    }
  }

  /** The account page again with the reason of a refusal (rethrown when it is not one the visitor can act on). */
  async function refused(request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, error: unknown) {
    const user = (await core.accounts.get(visit.user.id).catch(() => null)) ?? visit.user;
    const shown = showFailure(error, wordsOf(request, user), pageLocale(request, user), config.password.minLength);
    if (!shown || shown.status === 403 || shown.status === 404) throw error;
    if (shown.retryAfterSeconds) reply.header('retry-after', String(shown.retryAfterSeconds));
    return showAccount(request, reply.code(shown.status), { ...visit, user }, { error: shown.message, fieldErrors: shown.fieldErrors });
  }

  /** A change whose answer is a page of its own (not a redirect): `show` renders it, a refusal shows /account again. */
  async function changeShowing(request: FastifyRequest, reply: FastifyReply, work: (visit: ConsoleVisit) => Promise<(visit: ConsoleVisit) => FastifyReply>) {
    const visit = visitOf(request);
    let show: (visit: ConsoleVisit) => FastifyReply;
    try {
      show = await work(visit);
    } catch (error) {
      return refused(request, reply, visit, error);
    }
    return show(visit);
  }

  app.get('/account', { schema: { hide: true } }, async (request, reply) => {
    const visit = visitOf(request);
    const w = wordsOf(request, visit.user);
    const notice = doneNotice(request, {
      profile: w.profileSaved,
      password: w.passwordChanged,
      session: w.sessionRevoked,
      others: w.othersEnded,
      'consent-revoked': w.consentRevoked,
      email: w.emailChangeSent,
      'totp-off': w.totpDisabled,
      'passkey-added': w.passkeyAdded,
      'passkey-renamed': w.passkeyRenamed,
      'passkey-removed': w.passkeyRemoved,
    });
    return showAccount(request, reply, visit, { notice });
  });

  app.post('/account/profile', { schema: { hide: true, body: ProfileForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      await core.accounts.updateProfile(user.id, profilePatchFromForm(formOf(request)), context(request));
      return 'profile';
    }),
  );

  app.post('/account/email', { schema: { hide: true, body: EmailForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      const { new_email: newEmail, password } = request.body;
      // Mail to an address of the visitor's choosing: the IP's budget and the account's, as native /v1/me/email.
      await spendBudgets(request, { config, store }, 'mail', user.id);
      await core.emailChange.request(user, newEmail, {
        link: ctx.links.confirmEmail,
        locale: pageLocale(request, user),
        password,
        context: context(request),
      });
      return 'email';
    }),
  );

  app.post('/account/password', { schema: { hide: true, body: PasswordForm } }, async (request, reply) => {
    const { current_password: currentPassword, new_password: newPassword, confirm_password: confirm } = request.body;
    if (newPassword !== confirm) {
      const visit = visitOf(request);
      return showAccount(request, reply.code(400), visit, { error: wordsOf(request, visit.user).mismatch });
    }
    return change(request, reply, async ({ user, session }) => {
      await core.passwordChange.change(
        { userId: user.id, currentSessionId: session.id, currentPassword, newPassword },
        context(request),
      );
      return 'password';
    });
  });

  app.post(
    '/account/sessions/:id/end',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), body: EmptyForm } },
    async (request, reply) =>
      change(request, reply, async ({ user }) => {
        await core.sessions.revokeOwn(user.id, request.params.id, context(request));
        return 'session';
      }),
  );

  app.post('/account/sessions/end-others', { schema: { hide: true, body: EmptyForm } }, async (request, reply) =>
    change(request, reply, async ({ user, session }) => {
      await core.sessions.revokeAll(user.id, session.id);
      return 'others';
    }),
  );

  app.post('/account/consents/:clientId/revoke', { schema: { hide: true, params: ConsentParams, body: EmptyForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      await ctx.consents.revokeConsent(user, request.params.clientId);
      return 'consent-revoked';
    }),
  );

  /** The enrolment page: the QR code as an SVG image (a data: URI, allowed by the CSP), the key in text, the code form. */
  const showEnrolment = (request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, secret: string, otpauthUrl: string, messages: PageMessages = {}) => {
    return renderPage(request, reply, 'account-totp', { product, viewer: visit.user, csrfSecret: visit.token, section: 'account' },
      (w) => w.totpTitle, { secret, qr: qrDataUri(otpauthUrl), secretGroups: secret.match(/.{1,4}/g)?.join(' ') ?? secret }, messages);
  };

  const showRecoveryCodes = (request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, codes: string[]) =>
    renderPage(request, reply, 'account-recovery-codes', { product, viewer: visit.user, csrfSecret: visit.token, section: 'account' },
      (w) => w.recoveryTitle, { codes });

  app.post('/account/mfa/totp', { schema: { hide: true, body: PasswordOnlyForm } }, async (request, reply) =>
    changeShowing(request, reply, async (visit) => {
      const enrolment = await core.mfa.totp.begin(visit.user, request.body.password);
      return (v) => showEnrolment(request, reply, v, enrolment.secret, enrolment.otpauthUrl);
    }),
  );

  app.post('/account/mfa/totp/confirm', { schema: { hide: true, body: TotpConfirmForm } }, async (request, reply) => {
    const visit = visitOf(request);
    let codes: string[];
    try {
      codes = await core.mfa.totp.confirm(visit.user, request.body.code.replace(/\s+/g, ''), context(request));
    } catch (error) {
      const secret = request.body.secret ?? '';
      if (isCoreError(error, 'invalid_code') && /^[A-Z2-7]{16,128}$/.test(secret)) {
        // The key came back in the form (it was on the page): shown again, with the error.
        const otpauthUrl = totpFor(secret, product, visit.user.email).toString();
        return showEnrolment(request, reply.code(400), visit, secret, otpauthUrl, { error: wordsOf(request, visit.user).invalidCode });
      }
      return refused(request, reply, visit, error);
    }
    return showRecoveryCodes(request, reply, visit, codes);
  });

  app.post('/account/mfa/recovery-codes', { schema: { hide: true, body: PasswordOnlyForm } }, async (request, reply) =>
    changeShowing(request, reply, async (visit) => {
      const codes = await core.mfa.totp.renewRecoveryCodes(visit.user, request.body.password, context(request));
      return (v) => showRecoveryCodes(request, reply, v, codes);
    }),
  );

  app.post('/account/mfa/totp/disable', { schema: { hide: true, body: PasswordOnlyForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      await core.mfa.totp.disable(user, request.body.password, context(request));
      return 'totp-off';
    }),
  );

  app.post('/account/passkeys/:id/rename', { schema: { hide: true, params: PasskeyParams, body: PasskeyNameForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      await core.mfa.passkeys.rename(user, request.params.id, request.body.name, context(request));
      return 'passkey-renamed';
    }),
  );

  app.post('/account/passkeys/:id/remove', { schema: { hide: true, params: PasskeyParams, body: EmptyForm } }, async (request, reply) =>
    change(request, reply, async ({ user }) => {
      await core.mfa.passkeys.remove(user, request.params.id, context(request));
      return 'passkey-removed';
    }),
  );

  app.post('/account/delete', { schema: { hide: true, body: DeleteForm } }, async (request, reply) => {
    const visit = visitOf(request);
    if (request.body.confirm !== 'yes') {
      return showAccount(request, reply.code(400), visit, { error: wordsOf(request, visit.user).confirmRequired });
    }
    return change(request, reply, async ({ user }) => {
      await core.accounts.deleteSelf(user, request.body.password, context(request));
      clearSessionCookie(request, reply);
      reply.redirect('/account/sign-in?done=deleted', 303);
    });
  });
};
