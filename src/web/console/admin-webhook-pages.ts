// /admin/webhooks (admins: the policy's manage-webhooks): the webhook endpoints
// with their events, their state (on, turned off by hand, or by Sésame after a day
// of failures) and their last deliveries; register one (its signing secret shown
// on the answer page only, never in a URL), turn one off or on, remove one (a tick
// asked: its delivery log goes with it). The same kernel calls as /v1/webhooks.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WEBHOOK_EVENT_TYPES } from '../../core/webhook-events.js';
import type { WebhookEndpoint } from '../../core/webhooks.js';
import { pageLocale } from '../layout.js';
import type { ConsoleVisit } from './console-session.js';
import { doneNotice, requireConsoleSession, visitOf, type ConsoleContext } from './context.js';
import { showFailure } from './failures.js';
import { EmptyForm, UserIdParams, formBody, required, text } from './form-schemas.js';
import { renderPage, wordsOf, type PageMessages } from './render.js';

/** How many of an endpoint's latest deliveries the list shows. */
const LAST_DELIVERIES = 5;

const CreateForm = formBody({
  url: required(2000),
  // One ticked box is a string, several an array (urlencoded forms repeat the name).
  events: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 })])),
  enabled: text(8),
});
const DeleteForm = formBody({ confirm: text(8) });

export const adminWebhookPages: FastifyPluginAsyncTypebox<ConsoleContext> = async (app, ctx) => {
  const { core, config, product } = ctx;
  app.addHook('preHandler', requireConsoleSession(ctx));

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    { user: actor, token }: ConsoleVisit,
    messages: PageMessages = {},
    extra: { secret?: string; form?: { url: string; events: string[] } } = {},
  ) {
    const endpoints = await core.webhooks.list(actor);
    const rows = await Promise.all(
      endpoints.map(async (endpoint: WebhookEndpoint) => ({
        ...endpoint,
        deliveries: await core.webhooks.deliveries(actor, endpoint.id, LAST_DELIVERIES),
      })),
    );
    return renderPage(request, reply, 'admin-webhooks', { product, viewer: actor, csrfSecret: token, section: 'webhooks' },
      (w) => w.webhooksTitle, {
        endpoints: rows,
        eventTypes: WEBHOOK_EVENT_TYPES,
        secret: extra.secret ?? null,
        form: extra.form ?? { url: '', events: [] },
      }, messages);
  }

  /** A refusal the admin can act on: the list again with it (a 403 or 404 goes to the error page). */
  async function refused(request: FastifyRequest, reply: FastifyReply, visit: ConsoleVisit, error: unknown, form?: { url: string; events: string[] }) {
    const shown = showFailure(error, wordsOf(request, visit.user), pageLocale(request, visit.user), config.password.minLength);
    if (!shown || shown.status === 403 || shown.status === 404) throw error;
    return showList(request, reply.code(shown.status), visit, { error: shown.message, fieldErrors: shown.fieldErrors }, form ? { form } : {});
  }

  app.get('/admin/webhooks', { schema: { hide: true } }, async (request, reply) => {
    const visit = visitOf(request);
    const w = wordsOf(request, visit.user);
    const notice = doneNotice(request, { disabled: w.webhookDisabled, enabled: w.webhookEnabled, deleted: w.webhookDeleted });
    return showList(request, reply, visit, { notice });
  });

  app.post('/admin/webhooks', { schema: { hide: true, body: CreateForm } }, async (request, reply) => {
    const visit = visitOf(request);
    const events = [request.body.events ?? []].flat();
    const form = { url: request.body.url, events };
    try {
      const { secret } = await core.webhooks.create(visit.user, { url: request.body.url.trim(), events, enabled: request.body.enabled === 'yes' });
      // The secret is on this answer only: a page, not a redirect that would carry it in a URL.
      return showList(request, reply.code(201), visit, { notice: wordsOf(request, visit.user).webhookCreated }, { secret });
    } catch (error) {
      return refused(request, reply, visit, error, form);
    }
  });

  const toggle = (enabled: boolean) => async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    const visit = visitOf(request);
    try {
      await core.webhooks.update(visit.user, request.params.id, { enabled });
    } catch (error) {
      return refused(request, reply, visit, error);
    }
    return reply.redirect(`/admin/webhooks?done=${enabled ? 'enabled' : 'disabled'}`, 303);
  };
  app.post('/admin/webhooks/:id/disable', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, toggle(false));
  app.post('/admin/webhooks/:id/enable', { schema: { hide: true, params: UserIdParams, body: EmptyForm } }, toggle(true));

  app.post('/admin/webhooks/:id/delete', { schema: { hide: true, params: UserIdParams, body: DeleteForm } }, async (request, reply) => {
    const visit = visitOf(request);
    if (request.body.confirm !== 'yes') {
      return showList(request, reply.code(400), visit, { error: wordsOf(request, visit.user).confirmRequired });
    }
    await core.webhooks.delete(visit.user, request.params.id);
    return reply.redirect('/admin/webhooks?done=deleted', 303);
  });
};
