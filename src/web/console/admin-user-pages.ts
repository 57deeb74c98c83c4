// /admin: the users list (search, role, deleted, keyset pages, the count), a
// user's page and what an admin does there, and the invitation form. Moderators
// read: the pages leave out every button, and a forged POST is refused by the
// kernel (forbidden) all the same. Each action is the kernel call its native
// route makes; the kernel audits it. An admin also resets a user's two-step
// sign-in (core.mfa.reset: TOTP, recovery codes, passkeys), with a tick box.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, ROLES, type Locale, type Role } from '../../core/model.js';
import { mayManageAccounts } from '../../core/admin-tool-rules.js';
import { normalizeEmail } from '../../core/email.js';
import { spendBudgets } from '../../http/rate-limits.js';
import { requestContext } from '../../http/request-context.js';
import { pageLocale } from '../layout.js';
import { CONSOLE_API, type ConsoleVisit } from './console-session.js';
import { doneNotice, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { deviceLabel } from './device-label.js';
import { showFailure } from './failures.js';
import { EmptyForm, UserIdParams, formBody, required, text } from './form-schemas.js';
import { LANGUAGES, PROFILE_FIELDS, profilePatchFromForm, profileValues } from './profile-form.js';
import { renderPage, wordsOf, type PageMessages } from './render.js';
import type { ConsoleWords } from './words.js';

const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('user'), Type.Literal('moderator'), Type.Literal('admin')])),
    deleted: Type.Optional(Type.String({ maxLength: 8 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
const AdminProfileForm = formBody({
  email: required(254),
  ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f.name, text(f.max)])),
});
const RoleForm = formBody({ role: Type.Union(ROLES.map((r) => Type.Literal(r))) });
const VerifiedForm = formBody({ verified: Type.Union([Type.Literal('true'), Type.Literal('false')]) });
const ConfirmForm = formBody({ confirm: text(8) });
const InviteForm = formBody({
  email: required(254),
  first_name: text(200),
  last_name: text(200),
  role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
  locale: Type.Optional(Type.Union(LOCALES.map((l) => Type.Literal(l)))),
});
const SessionParams = Type.Object({ ...UserIdParams.properties, sid: Type.String({ minLength: 1, maxLength: 64 }) });

/** The notices of the user page, by the `done` key of the redirect. */
const userNotices = (w: ConsoleWords) => ({
  role: w.roleChanged,
  verified: w.verifiedChanged,
  profile: w.userProfileSaved,
  deleted: w.userDeleted,
  restored: w.userRestored,
  unlocked: w.unlocked,
  invitation: w.invitationSent,
  verification: w.verificationSent,
  session: w.sessionRevoked,
  sessions: w.sessionsEnded,
  mfa: w.mfaResetDone,
});

export const adminUserPages: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, config, store, product } = ctx;
  app.addHook('preHandler', requireConsoleSession(ctx));
  const context = (request: FastifyRequest) => requestContext(request, CONSOLE_API);

  app.get('/admin', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const { user: actor, token } = visitOf(request);
    const { q = '', role = '', deleted, cursor } = request.query;
    const filters = {
      q: q.trim() || undefined,
      role: role ? (role.toUpperCase() as Role) : undefined,
      includeDeleted: deleted === '1',
    };
    const page = await core.users.list(actor, { ...filters, cursor, limit: 25 });
    const count = await core.countUsers(actor, filters, cursor === undefined ? page : undefined);
    const base = new URLSearchParams({ ...(q ? { q } : {}), ...(role ? { role } : {}), ...(deleted === '1' ? { deleted } : {}) });
    const link = (extra: Record<string, string>) => {
      const params = new URLSearchParams(base);
      for (const [key, value] of Object.entries(extra)) params.set(key, value);
      const text = params.toString();
      return `/admin${text ? `?${text}` : ''}`;
    };
    return renderPage(request, reply, 'admin-users', { product, viewer: actor, csrfSecret: token, section: 'users' },
      (w) => w.usersTitle, {
        users: page.items,
        count,
        filters: { q, role, deleted: deleted === '1' },
        pages: { next: page.nextCursor ? link({ cursor: page.nextCursor }) : null, first: cursor ? link({}) : null },
      });
  });

  async function showUser(request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, id: number, messages: PageMessages = {}) {
    const { user: actor, token } = visit;
    const target = await core.users.get(actor, id, undefined, true);
    const w = wordsOf(request, actor);
    const sessions = (await core.userSessions.list(actor, id)).map((s) => ({ ...s, device: deviceLabel(s.userAgent, w.unknownDevice) }));
    return renderPage(request, reply, 'admin-user', { product, viewer: actor, csrfSecret: token, section: 'users' },
      (words) => words.userTitle.replace('{email}', target.email), {
        target,
        sessions,
        hasPassword: !(await core.adminMail.awaitsInvitation(actor, id)),
        profileRows: PROFILE_FIELDS.map((f) => ({ label: f.label, value: f.read(target) })),
        profileFields: PROFILE_FIELDS,
        profile: profileValues(target),
        // Only admins see it (they may reset it); the page was already allowed by users.get.
        mfa: mayManageAccounts(actor) ? await core.mfa.totp.status(target.id) : null,
      }, messages);
  }

  app.get('/admin/users/:id', { schema: { hide: true, params: UserIdParams } }, async (request, reply) => {
    const visit = visitOf(request);
    const notice = doneNotice(request, userNotices(wordsOf(request, visit.user)));
    return showUser(request, reply, visit, request.params.id, { notice });
  });

  /** One admin action on user `id`; back to its page with the notice, or the page again with the refusal. */
  async function act(request: FastifyRequest, reply: FastifyReply, id: number, work: (visit: ConsoleVisit) => Promise<string>) {
    const visit = visitOf(request);
    try {
      const done = await work(visit);
      return reply.redirect(`/admin/users/${id}?done=${done}`, 303);
    } catch (error) {
      const shown = showFailure(error, wordsOf(request, visit.user), pageLocale(request, visit.user), config.password.minLength);
      if (!shown || shown.status === 403 || shown.status === 404) throw error;
      if (shown.retryAfterSeconds) reply.header('retry-after', String(shown.retryAfterSeconds));
      return showUser(request, reply.code(shown.status), visit, id, { error: shown.message, fieldErrors: shown.fieldErrors });
    }
  }

  const needsConfirmation = (request: FastifyRequest, reply: FastifyReply, id: number) => {
    const visit = visitOf(request);
    return showUser(request, reply.code(400), visit, id, { error: wordsOf(request, visit.user).confirmRequired });
  };

  app.post('/admin/users/:id/profile', { schema: { hide: true, params: UserIdParams, body: AdminProfileForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      // The account page's form without its own settings (language, theme): those stay the user's.
      const { locale: _locale, darkMode: _darkMode, ...profile } = profilePatchFromForm(request.body);
      // A new address is mailed to the old one: the admin's mail budget as well as the IP's.
      const target = await core.users.get(user, request.params.id);
      if (normalizeEmail(request.body.email) !== normalizeEmail(target.email)) {
        await spendBudgets(request, { config, store }, 'mail', user.id);
      }
      await core.users.update(user, request.params.id, { ...profile, email: request.body.email.trim() }, context(request));
      return 'profile';
    }),
  );

  app.post('/admin/users/:id/role', { schema: { hide: true, params: UserIdParams, body: RoleForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.users.update(user, request.params.id, { role: request.body.role }, context(request));
      return 'role';
    }),
  );

  app.post('/admin/users/:id/verified', { schema: { hide: true, params: UserIdParams, body: VerifiedForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.users.update(user, request.params.id, { emailVerified: request.body.verified === 'true' }, context(request));
      return 'verified';
    }),
  );

  app.post('/admin/users/:id/delete', { schema: { hide: true, params: UserIdParams, body: ConfirmForm } }, async (request, reply) => {
    if (request.body.confirm !== 'yes') return needsConfirmation(request, reply, request.params.id);
    return act(request, reply, request.params.id, async ({ user }) => {
      await core.users.delete(user, request.params.id, context(request));
      return 'deleted';
    });
  });

  app.post('/admin/users/:id/restore', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.users.restore(user, request.params.id, context(request));
      return 'restored';
    }),
  );

  app.post('/admin/users/:id/unlock', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.unlockAccount(user, request.params.id, context(request));
      return 'unlocked';
    }),
  );

  app.post('/admin/users/:id/resend-invitation', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.adminMail.resendInvitation(user, request.params.id, context(request), { link: ctx.links.acceptInvitation });
      return 'invitation';
    }),
  );

  app.post('/admin/users/:id/resend-verification', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.adminMail.resendVerification(user, request.params.id, context(request), { link: ctx.links.verifyEmail });
      return 'verification';
    }),
  );

  app.post('/admin/users/:id/sessions/:sid/end', { schema: { hide: true, params: SessionParams, body: EmptyForm } }, async (request, reply) =>
    act(request, reply, request.params.id, async ({ user }) => {
      await core.userSessions.revoke(user, request.params.id, request.params.sid, context(request));
      return 'session';
    }),
  );

  app.post('/admin/users/:id/sessions/end-all', { schema: { hide: true, params: UserIdParams, body: ConfirmForm } }, async (request, reply) => {
    if (request.body.confirm !== 'yes') return needsConfirmation(request, reply, request.params.id);
    return act(request, reply, request.params.id, async ({ user }) => {
      await core.userSessions.revokeAll(user, request.params.id, context(request));
      return 'sessions';
    });
  });

  app.post('/admin/users/:id/mfa/reset', { schema: { hide: true, params: UserIdParams, body: ConfirmForm } }, async (request, reply) => {
    if (request.body.confirm !== 'yes') return needsConfirmation(request, reply, request.params.id);
    return act(request, reply, request.params.id, async ({ user }) => {
      await core.mfa.reset(user, request.params.id, context(request));
      return 'mfa';
    });
  });

  const showInvite = (request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, messages: PageMessages = {}) =>
    renderPage(request, reply, 'admin-invite', { product, viewer: visit.user, csrfSecret: visit.token, section: 'invite' },
      (w) => w.inviteTitle, { languages: LANGUAGES }, messages);

  app.get('/admin/invite', { schema: { hide: true } }, async (request, reply) => {
    const visit = visitOf(request);
    if (!mayManageAccounts(visit.user)) {
      // The kernel's rule, shown before the form rather than after it: only admins invite.
      return showFailurePage(request, reply, visit);
    }
    const invited = (request.query as Record<string, unknown>).invited;
    const w = wordsOf(request, visit.user);
    return showInvite(request, reply, visit, { notice: typeof invited === 'string' ? w.invited.replace('{email}', invited) : null });
  });

  const showFailurePage = (request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit) =>
    renderPage(request, reply.code(403), 'message', { product, viewer: visit.user, csrfSecret: visit.token },
      (w) => w.errorTitle, { link: null }, { error: wordsOf(request, visit.user).forbidden });

  app.post('/admin/invite', { schema: { hide: true, body: InviteForm } }, async (request, reply) => {
    const visit = visitOf(request);
    const { email, first_name: firstName, last_name: lastName, role, locale } = request.body;
    try {
      // An invitation is mail to an address of the admin's choosing: their budget as well as the IP's.
      await spendBudgets(request, { config, store }, 'mail', visit.user.id);
      const created = await core.users.create(
        visit.user,
        {
          email,
          role: role ?? 'USER',
          firstName: firstName?.trim() || null,
          lastName: lastName?.trim() || null,
          locale: (locale ?? pageLocale(request, visit.user)) as Locale,
        },
        context(request),
        { link: ctx.links.acceptInvitation },
      );
      return reply.redirect(`/admin/invite?invited=${encodeURIComponent(created.email)}`, 303);
    } catch (error) {
      const shown = showFailure(error, wordsOf(request, visit.user), pageLocale(request, visit.user), config.password.minLength);
      if (!shown || shown.status === 403) throw error;
      // Caught here, so the global onError hook never sees it: the 429's Retry-After is ours to set.
      if (shown.retryAfterSeconds) reply.header('retry-after', String(shown.retryAfterSeconds));
      return showInvite(request, reply.code(shown.status), visit, { error: shown.message, fieldErrors: shown.fieldErrors });
    }
  });
};
