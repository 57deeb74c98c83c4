// Webhook endpoints, managed by admins: the URL is checked (syntax here, and its
// address through the `destinations` port: no loopback, link-local or private
// range unless the operator allows it), the signing secret is made here and shown
// once, and the delivery log can be read and a delivery sent again.

import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditAction } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import { mailLocale } from './mail.js';
import { queueMail } from './outgoing-mail.js';
import type { User } from './model.js';
import type { Clock } from './ports.js';
import { assertCan } from './policy.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events.js';

export interface WebhookEndpoint {
  id: number;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Why Sésame turned the endpoint off (a day of failed deliveries); null when on or turned off by hand. */
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: number;
  endpointId: number;
  messageId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface WebhookEndpointPatch {
  url?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
}

export interface WebhookRepo {
  create(input: { url: string; events: WebhookEventType[]; secret: string; enabled: boolean }, now: Date): Promise<WebhookEndpoint>;
  list(): Promise<WebhookEndpoint[]>;
  findById(id: number): Promise<WebhookEndpoint | null>;
  update(id: number, patch: WebhookEndpointPatch, now: Date): Promise<WebhookEndpoint | null>;
  delete(id: number): Promise<boolean>;
  listDeliveries(endpointId: number, limit: number): Promise<WebhookDelivery[]>;
  /** Puts a delivery back in the queue, due now, with a fresh attempt budget; null if it is not the endpoint's. */
  redeliver(endpointId: number, deliveryId: number, now: Date): Promise<WebhookDelivery | null>;
}

/** What a webhook secret is sealed against (store/secret-box.ts): its column. */
export const WEBHOOK_SECRET_CONTEXT = 'webhook_endpoints.secret';

export type DestinationVerdict = { allowed: true } | { allowed: false; reason: string };

/** Resolves a URL's host and says whether Sésame may call it (SSRF guard). */
export interface WebhookDestinations {
  check(url: URL): Promise<DestinationVerdict>;
}

export interface WebhookDeps {
  repo: WebhookRepo;
  destinations: WebhookDestinations;
  clock: Clock;
}

export class Webhooks {
  constructor(
    private readonly deps: WebhookDeps,
    private readonly core: CoreDeps,
  ) {}

  /** Sésame turned an endpoint off (a day of failures): every admin is mailed. Returns how many. */
  async tellAdminsDisabled(endpoint: { url: string }): Promise<number> {
    const { store } = this.core;
    const admins = await store.users.list({ role: 'ADMIN', includeDeleted: false, limit: 100 });
    const host = new URL(endpoint.url).host;
    let queued = 0;
    await store.transaction(async (repos) => {
      for (const admin of admins) {
        const mail = { host, name: admin.firstName };
        const kind = 'webhook_disabled' as const;
        if (await queueMail(this.core, repos, { kind, to: admin.email, userId: admin.id, locale: mailLocale(admin), params: mail })) {
          queued += 1;
        }
      }
    });
    return queued; // the transaction woke the mail worker after commit (Repos.afterCommit)
  }

  async create(
    actor: User,
    input: { url: string; events: string[]; enabled?: boolean },
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    assertCan(actor, 'manage-webhooks');
    const url = await this.checkedUrl(input.url);
    // Standard Webhooks: whsec_ + base64 of 24 to 64 random bytes.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    // Kept sealed with the secrets key: a copy of the database alone cannot forge deliveries.
    const sealed = this.core.secrets.seal(secret, WEBHOOK_SECRET_CONTEXT);
    const endpoint = await this.deps.repo.create(
      { url, events: checkedEvents(input.events), secret: sealed, enabled: input.enabled ?? true },
      this.deps.clock.now(),
    );
    await this.audit(actor, 'webhook.created', endpoint.id, { url: endpoint.url, events: endpoint.events });
    return { endpoint, secret };
  }

  async list(actor: User): Promise<WebhookEndpoint[]> {
    assertCan(actor, 'manage-webhooks');
    return this.deps.repo.list();
  }

  async get(actor: User, id: number): Promise<WebhookEndpoint> {
    assertCan(actor, 'manage-webhooks');
    return this.found(await this.deps.repo.findById(id));
  }

  async update(actor: User, id: number, input: { url?: string; events?: string[]; enabled?: boolean }): Promise<WebhookEndpoint> {
    assertCan(actor, 'manage-webhooks');
    this.found(await this.deps.repo.findById(id));
    const patch: WebhookEndpointPatch = {};
    if (input.events !== undefined) patch.events = checkedEvents(input.events);
    if (input.url !== undefined) patch.url = await this.checkedUrl(input.url);
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    const updated = this.found(await this.deps.repo.update(id, patch, this.deps.clock.now()));
    await this.audit(actor, 'webhook.updated', id, { fields: Object.keys(patch) });
    return updated;
  }

  async delete(actor: User, id: number): Promise<void> {
    assertCan(actor, 'manage-webhooks');
    if (!(await this.deps.repo.delete(id))) throw new CoreError('not_found', { resource: 'webhook' });
    await this.audit(actor, 'webhook.deleted', id, {});
  }

  async deliveries(actor: User, id: number, limit = 100): Promise<WebhookDelivery[]> {
    assertCan(actor, 'manage-webhooks');
    this.found(await this.deps.repo.findById(id));
    return this.deps.repo.listDeliveries(id, limit);
  }

  async redeliver(actor: User, id: number, deliveryId: number): Promise<WebhookDelivery> {
    assertCan(actor, 'manage-webhooks');
    this.found(await this.deps.repo.findById(id));
    const delivery = await this.deps.repo.redeliver(id, deliveryId, this.deps.clock.now());
    if (!delivery) throw new CoreError('not_found', { resource: 'delivery' });
    await this.audit(actor, 'webhook.redelivered', id, { delivery_id: deliveryId });
    return delivery;
  }

  /** Who pointed events where: the audit trail of the admin (an endpoint receives every user's events). */
  private audit(actor: User, action: AuditAction, webhookId: number, details: Record<string, unknown>): Promise<void> {
    return recordAudit(this.core.store.audit, this.deps.clock, action, { actorUserId: actor.id, details: { webhook_id: webhookId, ...details } });
  }

  private found(endpoint: WebhookEndpoint | null): WebhookEndpoint {
    if (!endpoint) throw new CoreError('not_found', { resource: 'webhook' });
    return endpoint;
  }

  private async checkedUrl(text: string): Promise<string> {
    const errors = new FieldErrors();
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      errors.add('url', 'must be an absolute http or https URL');
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') errors.add('url', 'must be an absolute http or https URL');
    if (url && (url.username || url.password)) errors.add('url', 'must not carry credentials');
    errors.throwIfAny();
    const verdict = await this.deps.destinations.check(url!);
    if (!verdict.allowed) {
      errors.add('url', verdict.reason);
      errors.throwIfAny();
    }
    return url!.toString();
  }
}

function checkedEvents(events: string[]): WebhookEventType[] {
  const errors = new FieldErrors();
  if (events.length === 0) errors.add('events', 'must name at least one event');
  for (const event of events) {
    if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(event)) errors.add('events', `unknown event ${event}`);
  }
  errors.throwIfAny();
  return [...new Set(events)] as WebhookEventType[];
}

/** Collects field messages, then throws them together as one validation_failed. */
class FieldErrors {
  private readonly fields: Record<string, string[]> = {};
  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }
  throwIfAny(): void {
    if (Object.keys(this.fields).length > 0) throw new CoreError('validation_failed', { fields: this.fields });
  }
}
