// Webhook endpoints and deliveries on the native wire: snake_case, dates as ISO
// strings; the signing secret only in the answer to the creation.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable, OneOf } from '../../http/schema-types.js';
import { WEBHOOK_EVENT_TYPES } from '../../core/webhook-events.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../core/webhooks.js';

const EventType = OneOf(WEBHOOK_EVENT_TYPES);

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Nullable(Type.String({ description: 'why Sésame turned it off (a day of failed deliveries)' })),
  failing_since: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const CreatedWebhookSchema = Type.Intersect([
  WebhookSchema,
  Type.Object({
    secret: Type.String({ description: 'whsec_…: verifies the webhook-signature header; shown only now' }),
  }),
]);

export const CreateWebhookSchema = Type.Object(
  {
    url: Type.String({ maxLength: 2000, description: 'http(s) URL; loopback, link-local and private addresses are refused' }),
    events: Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length }),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PatchWebhookSchema = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  message_id: Type.String({ description: 'the webhook-id header: the same on every try' }),
  event: Type.String(),
  status: OneOf(['pending', 'delivered', 'failed']),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  last_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  delivered_at: Nullable(Type.String({ format: 'date-time' })),
});

const id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const WebhookIdParams = Type.Object({ id });
export const DeliveryParams = Type.Object({ id, delivery_id: id });

export function webhookToWire(endpoint: WebhookEndpoint): Static<typeof WebhookSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    failing_since: endpoint.failingSince?.toISOString() ?? null,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function deliveryToWire(delivery: WebhookDelivery): Static<typeof DeliverySchema> {
  return {
    id: delivery.id,
    message_id: delivery.messageId,
    event: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    created_at: delivery.createdAt.toISOString(),
    delivered_at: delivery.deliveredAt?.toISOString() ?? null,
  };
}
