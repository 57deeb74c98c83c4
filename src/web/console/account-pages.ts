// /account: the signed-in user's own page. Profile, email change (confirmed by a
// mailed link), password change (the current one asked; other sessions end),
// sessions (end one, or all others), deletion (password and a tick asked). Each
// form is one kernel call, the same the native /v1/me routes make; a refusal
// shows the page again with the reason.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { spendBudgets } from '../../http/rate-limits.js';
import { requestContext } from '../../http/request-context.js';
import { pageLocale } from '../layout.js';
import { CONSOLE_API, clearSessionCookie, type ConsoleVisit } from './console-session.js';
import { doneNotice, formOf, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { deviceLabel } from './device-label.js';
import { showFailure } from './failures.js';
import { EmptyForm, formBody, required, text } from './form-schemas.js';
import { LANGUAGES, PROFILE_FIELDS, profilePatchFromForm, profileValues } from './profile-form.js';
import { renderPage, wordsOf, type PageMessages } from './render.js';

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
const DeleteForm = formBody({ password: required(1024), confirm: text(8) });

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
      { product, viewer: visit.user, csrfSecret: visit.token, section: 'account' },
      (words) => words.accountTitle,
      {
        profile: profileValues(visit.user),
        profileFields: PROFILE_FIELDS,
        languages: LANGUAGES,
        sessions,
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
      const user = (await core.accounts.get(visit.user.id).catch(() => null)) ?? visit.user;
      const shown = showFailure(error, wordsOf(request, user), pageLocale(request, user), config.password.minLength);
      if (!shown || shown.status === 403 || shown.status === 404) throw error;
      if (shown.retryAfterSeconds) reply.header('retry-after', String(shown.retryAfterSeconds));
      return showAccount(request, reply.code(shown.status), { ...visit, user }, { error: shown.message, fieldErrors: shown.fieldErrors });
    }
  }

  app.get('/account', { schema: { hide: true } }, async (request, reply) => {
    const visit = visitOf(request);
    const w = wordsOf(request, visit.user);
    const notice = doneNotice(request, {
      profile: w.profileSaved,
      password: w.passwordChanged,
      session: w.sessionRevoked,
      others: w.othersEnded,
      email: w.emailChangeSent,
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
