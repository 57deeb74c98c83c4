// Sends webhook deliveries from the outbox on the leased loop shared with mail
// (queue/leased-worker.ts): signed per the Standard Webhooks specification
// (webhook-id stable across retries, so a receiver can drop a duplicate), retried
// with the mail backoff up to WEBHOOK_MAX_ATTEMPTS, and an endpoint that has failed
// for a whole day is turned off, the admins mailed and the log told.

import { Webhook } from 'standardwebhooks';
import type { Clock, SecretBox } from '../core/ports.js';
import { WEBHOOK_SECRET_CONTEXT } from '../core/webhooks.js';
import { backoffSeconds, LeasedWorker } from '../queue/leased-worker.js';
import type { ClaimedDelivery, WebhookOutbox } from '../store/webhooks.js';
import { postWebhook } from './post.js';

export const DISABLE_AFTER_FAILING_MS = 24 * 3600 * 1000;

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';

export interface WebhookLog {
  info(facts: object, message: string): void;
  warn(facts: object, message: string): void;
  error(facts: object, message: string): void;
}

export interface WebhookWorkerOptions {
  outbox: WebhookOutbox;
  clock: Clock;
  /** Opens the endpoints' sealed signing secrets. */
  secrets: SecretBox;
  maxAttempts: number;
  allowPrivate: boolean;
  log: () => WebhookLog;
  onOutcome?: (outcome: DeliveryOutcome) => void;
  /** Sésame has just turned this endpoint off. */
  onDisabled?: (endpoint: { id: number; url: string }) => void;
  timeoutMs?: number;
  pollIntervalMs?: number;
}

export class WebhookWorker extends LeasedWorker<ClaimedDelivery> {
  constructor(options: WebhookWorkerOptions) {
    const { outbox } = options;
    const timeoutMs = options.timeoutMs ?? 10_000;
    super(
      {
        listDue: (now, limit) => outbox.listDue(now, limit),
        claim: (id, claimToken, now, leaseUntil) => outbox.claim(id, claimToken, now, leaseUntil),
        deliver: (delivery, claimToken) => deliver(options, timeoutMs, delivery, claimToken),
      },
      {
        clock: options.clock,
        reportError: (error) => options.log().error({ err: error }, 'webhooks: run failed'),
        // Longer than the request deadline, so a live worker never loses its lease.
        leaseSeconds: Math.ceil(timeoutMs / 1000) * 3,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      },
    );
  }
}

async function deliver(
  options: WebhookWorkerOptions,
  timeoutMs: number,
  delivery: ClaimedDelivery,
  claimToken: string,
): Promise<boolean> {
  const { outbox, clock, log, maxAttempts } = options;
  // The signature's timestamp is the wall clock: receivers compare it with theirs.
  const sentAt = new Date();
  const secret = options.secrets.isSealed(delivery.secret)
    ? options.secrets.open(delivery.secret, WEBHOOK_SECRET_CONTEXT)
    : delivery.secret;
  const signature = new Webhook(secret).sign(delivery.messageId, sentAt, delivery.payload);
  const headers = {
    'webhook-id': delivery.messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signature,
    'user-agent': 'Sesame-Webhooks/1',
  };
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = (await postWebhook(delivery.url, delivery.payload, headers, { allowPrivate: options.allowPrivate, timeoutMs })).status;
    if (status < 200 || status > 299) error = `HTTP ${status}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  const facts = { delivery_id: delivery.id, endpoint_id: delivery.endpointId, event: delivery.eventType };
  if (error === null && status !== null) {
    await outbox.markDelivered(delivery, claimToken, status, clock.now());
    options.onOutcome?.('delivered');
    log().info({ ...facts, status, attempts: delivery.attempts + 1 }, 'webhook delivered');
    return true;
  }
  const now = clock.now();
  const failures = delivery.attempts + 1;
  const next = failures >= maxAttempts ? null : new Date(now.getTime() + backoffSeconds(failures) * 1000);
  const failingSince = delivery.failingSince ?? now;
  const disable = now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS;
  const disableReason = disable ? `every delivery failed since ${failingSince.toISOString()}; last: ${error}` : null;
  await outbox.markFailed(delivery, claimToken, { status, error: error ?? 'failed', nextAttemptAt: next, at: now, disableReason });
  options.onOutcome?.(next ? 'retry' : 'failed');
  if (disable) {
    options.onDisabled?.({ id: delivery.endpointId, url: delivery.url });
    log().error({ ...facts, error }, 'webhook endpoint disabled after a day of failed deliveries: fix it, then PATCH enabled=true');
  } else if (next) {
    log().warn({ ...facts, attempts: failures, error, retry_at: next.toISOString() }, 'webhook delivery failed, will retry');
  } else {
    log().error({ ...facts, attempts: failures, error }, 'webhook delivery failed for good');
  }
  return false;
}
