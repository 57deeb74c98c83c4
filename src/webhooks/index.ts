// The webhook side assembled from config: the SSRF guard the core checks endpoints
// with, and the delivery worker, woken when a committed change queued deliveries.

import type { Config } from '../config.js';
import type { Clock, SecretBox } from '../core/ports.js';
import type { WebhookDestinations } from '../core/webhooks.js';
import type { KyselyStore } from '../store/store.js';
import { webhookDestinations } from './destinations.js';
import { WebhookWorker, type DeliveryOutcome, type WebhookLog } from './worker.js';

export interface WebhookServices {
  destinations: WebhookDestinations;
  worker: WebhookWorker;
  useLog(log: WebhookLog): void;
  /** Called with each delivery's outcome (the metrics). */
  onOutcome(listener: (outcome: DeliveryOutcome) => void): void;
  /** Called when Sésame turns an endpoint off (the admins are told). */
  onDisabled(listener: (endpoint: { id: number; url: string }) => void): void;
}

const silent: WebhookLog = { info() {}, warn() {}, error() {} };

export function createWebhookServices(
  config: Readonly<Config>,
  store: KyselyStore,
  clock: Clock,
  secrets: SecretBox,
  options: { pollIntervalMs?: number } = {},
): WebhookServices {
  let log = silent;
  const listeners: ((outcome: DeliveryOutcome) => void)[] = [];
  const disabledListeners: ((endpoint: { id: number; url: string }) => void)[] = [];
  const worker = new WebhookWorker({
    outbox: store.webhookOutbox,
    clock,
    secrets,
    maxAttempts: config.webhooks.maxAttempts,
    allowPrivate: config.webhooks.allowPrivate,
    log: () => log,
    onOutcome: (outcome) => listeners.forEach((listener) => listener(outcome)),
    onDisabled: (endpoint) => disabledListeners.forEach((listener) => listener(endpoint)),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  store.auditFeed.subscribe((event) => {
    if (event.webhookDeliveries > 0 || event.action === 'webhook.redelivered') worker.wake();
  });
  return {
    destinations: webhookDestinations(config.webhooks.allowPrivate),
    worker,
    useLog(next) {
      log = next;
    },
    onOutcome(listener) {
      listeners.push(listener);
    },
    onDisabled(listener) {
      disabledListeners.push(listener);
    },
  };
}
