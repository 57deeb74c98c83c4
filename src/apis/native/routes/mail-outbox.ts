// GET /v1/mail/outbox (admin): the mail queue, pending or failed,
// newest first by keyset cursor; addresses and delivery state, never the bodies
// (their links are live tokens). POST /v1/mail/outbox/{id}/retry (admin): a
// failed mail is tried again now.

import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { Nullable } from '../../../http/schema-types.js';
import type { OutboxEntry } from '../../../core/mail.js';
import { OUTBOX_PAGE } from '../../../core/outbox-admin.js';
import { requestContext } from '../../../http/request-context.js';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { security } from '../wire-admin.js';
import { problems } from '../wire.js';

const OutboxMailSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ examples: ['invitation'] }),
  to: Type.String(),
  user_id: Nullable(Type.Integer()),
  subject: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  next_attempt_at: Type.String({ format: 'date-time' }),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
});

function outboxMailToWire(mail: OutboxEntry): Static<typeof OutboxMailSchema> {
  return {
    id: mail.id,
    kind: mail.kind,
    to: mail.to,
    user_id: mail.userId,
    subject: mail.subject,
    status: mail.status,
    attempts: mail.attempts,
    last_error: mail.lastError,
    created_at: mail.createdAt.toISOString(),
    next_attempt_at: mail.nextAttemptAt.toISOString(),
    sent_at: mail.sentAt?.toISOString() ?? null,
  };
}

const OutboxQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('failed'), Type.Literal('sent')])),
    cursor: Type.Optional(Type.String({ maxLength: 64, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: OUTBOX_PAGE.maxLimit, default: OUTBOX_PAGE.defaultLimit })),
  },
  { additionalProperties: false },
);

export const mailOutboxRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.get(
    '/v1/mail/outbox',
    {
      schema: {
        tags: ['administration'],
        summary: 'Outgoing mail, newest first, by status (admin)',
        security,
        querystring: OutboxQuery,
        response: {
          200: Type.Object({
            items: Type.Array(OutboxMailSchema),
            next_cursor: Nullable(Type.String(), { description: 'null on the last page' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      const page = await core.outboxAdmin.list(actor, request.query);
      return { items: page.items.map(outboxMailToWire), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/mail/outbox/:id/retry',
    {
      schema: {
        tags: ['administration'],
        summary: 'Try a failed mail again now (admin)',
        security,
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 202: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      await core.outboxAdmin.retry(actor, request.params.id, requestContext(request, 'native'));
      return reply.code(202).send(null);
    },
  );
};
