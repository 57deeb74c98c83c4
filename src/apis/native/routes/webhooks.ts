// Webhook endpoints (admin only): POST /v1/webhooks answers the signing secret
// once; GET, PATCH, DELETE /v1/webhooks/{id}; the delivery log and a manual
// redelivery. The rules (who, which URLs) are the core's (core/webhooks.ts).

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser, signedIn } from '../auth.js';
import type { NativeOptions } from '../index.js';
import { security } from '../wire-admin.js';
import { problems } from '../wire.js';
import {
  CreateWebhookSchema,
  CreatedWebhookSchema,
  DeliveryParams,
  DeliverySchema,
  PatchWebhookSchema,
  WebhookIdParams,
  WebhookSchema,
  deliveryToWire,
  webhookToWire,
} from '../wire-webhooks.js';

const tags = ['webhooks'];

export const webhookRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { core }) => {
  app.addHook('preHandler', requireUser(core));

  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only once (admin)',
        body: CreateWebhookSchema,
        response: { 201: CreatedWebhookSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await core.webhooks.create(signedIn(request).user, request.body);
      return reply.code(201).send({ ...webhookToWire(endpoint), secret });
    },
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        tags,
        security,
        summary: 'List webhook endpoints (admin)',
        response: { 200: Type.Object({ items: Type.Array(WebhookSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: (await core.webhooks.list(signedIn(request).user)).map(webhookToWire) }),
  );

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One webhook endpoint (admin)',
        params: WebhookIdParams,
        response: { 200: WebhookSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => webhookToWire(await core.webhooks.get(signedIn(request).user, request.params.id)),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change the URL or the events, turn the endpoint on or off (admin)',
        params: WebhookIdParams,
        body: PatchWebhookSchema,
        response: { 200: WebhookSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => webhookToWire(await core.webhooks.update(signedIn(request).user, request.params.id, request.body)),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a webhook endpoint and its delivery log (admin)',
        params: WebhookIdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await core.webhooks.delete(signedIn(request).user, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        security,
        summary: 'The latest deliveries to an endpoint: status, attempts, next try (admin)',
        params: WebhookIdParams,
        response: { 200: Type.Object({ items: Type.Array(DeliverySchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await core.webhooks.deliveries(signedIn(request).user, request.params.id)).map(deliveryToWire),
    }),
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags,
        security,
        summary: 'Send a delivery again, now, with a fresh attempt budget (admin)',
        params: DeliveryParams,
        response: { 202: DeliverySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, delivery_id: deliveryId } = request.params;
      const delivery = await core.webhooks.redeliver(signedIn(request).user, id, deliveryId);
      return reply.code(202).send(deliveryToWire(delivery));
    },
  );
};
