// /admin/audit (admins): the audit trail by account and action, older pages by
// cursor. /admin/outbox (admins read and retry): the mail
// queue by status. The same kernel calls as GET /v1/audit-events and
// GET /v1/mail/outbox.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONSOLE_API } from './console-session.js';
import { doneNotice, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { EmptyForm, UserIdParams } from './form-schemas.js';
import { renderPage, wordsOf } from './render.js';
import { requestContext } from '../../http/request-context.js';

/** The actions the filter offers; the trail may hold others, listed unfiltered. */
const KNOWN_ACTIONS = [
  'user.signed_up', 'user.created', 'user.signed_in', 'user.sign_in_failed', 'user.signed_out', 'user.updated',
  'user.password_changed', 'user.password_reset', 'user.role_changed', 'user.email_changed', 'user.email_verified',
  'user.deleted', 'user.restored', 'user.unlocked', 'user.sessions_revoked', 'user.invitation_resent',
  'user.verification_resent', 'session.revoked', 'refresh_token.replayed', 'mail.retried',
];

const AuditQuery = Type.Object(
  {
    user_id: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^[0-9]{1,15}$' })])),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
const OutboxQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('pending'), Type.Literal('failed'), Type.Literal('sent')])),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    done: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: false },
);

function pageLink(path: string, filters: Record<string, string>, cursor?: string): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return `${path}${text ? `?${text}` : ''}`;
}

export const adminTrailPages: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, product } = ctx;
  app.addHook('preHandler', requireConsoleSession(ctx));

  app.get('/admin/audit', { schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
    const { user: actor, token } = visitOf(request);
    const { user_id: userId = '', action = '', cursor } = request.query;
    const page = await core.auditTrail.list(actor, { userId: userId ? Number(userId) : undefined, action: action || undefined, cursor });
    const filters = { user_id: userId, action };
    return renderPage(request, reply, 'admin-audit', { product, viewer: actor, csrfSecret: token, section: 'audit' },
      (w) => w.auditTitle, {
        events: page.items,
        actions: KNOWN_ACTIONS,
        filters: { userId, action },
        pages: {
          next: page.nextCursor ? pageLink('/admin/audit', filters, page.nextCursor) : null,
          first: cursor ? pageLink('/admin/audit', filters) : null,
        },
      });
  });

  app.get('/admin/outbox', { schema: { hide: true, querystring: OutboxQuery } }, async (request, reply) => {
    const { user: actor, token } = visitOf(request);
    const { status = '', cursor } = request.query;
    const page = await core.outboxAdmin.list(actor, { status: status || undefined, cursor });
    const w = wordsOf(request, actor);
    return renderPage(request, reply, 'admin-outbox', { product, viewer: actor, csrfSecret: token, section: 'outbox' },
      (words) => words.outboxTitle, {
        mails: page.items,
        filters: { status },
        pages: {
          next: page.nextCursor ? pageLink('/admin/outbox', { status }, page.nextCursor) : null,
          first: cursor ? pageLink('/admin/outbox', { status }) : null,
        },
      }, { notice: doneNotice(request, { retried: w.retried }) });
  });

  app.post('/admin/outbox/:id/retry', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, async (request, reply) => {
    const { user: actor } = visitOf(request);
    await core.outboxAdmin.retry(actor, request.params.id, requestContext(request, CONSOLE_API));
    return reply.redirect('/admin/outbox?status=failed&done=retried', 303);
  });
};
