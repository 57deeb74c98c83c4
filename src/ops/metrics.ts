// Sésame's Prometheus metrics (prom-client), on a registry of their own. Counters
// are fed from where events are decided: the audit events the kernel records
// (once committed, store/audit-feed.ts), the per-IP limiter's refusals, the webhook
// worker's outcomes. Gauges are read from the database at scrape time. Labels hold
// bounded names (API, outcome, route pattern), never user data.

import client from 'prom-client';
import type { Clock } from '../core/ports.js';
import type { RecordedAudit } from '../store/audit-feed.js';
import type { OpsStats } from '../store/ops-stats.js';
import type { KyselyStore } from '../store/store.js';
import type { DeliveryOutcome } from '../webhooks/worker.js';
import { RequestHistogram, type RequestObserver } from './request-histogram.js';

const API_NAMES = new Set(['native', 'myclass', 'userapi', 'coinduchef', 'crdm', 'web', 'cli']);
const apiLabel = (api: string | null): string => (api && API_NAMES.has(api) ? api : 'other');

export class Metrics {
  readonly registry = new client.Registry();
  private readonly requestDuration = new RequestHistogram(
    'sesame_http_request_duration_seconds',
    'HTTP requests by route pattern, method and status class',
  );
  private readonly signIns: client.Counter<'api' | 'outcome'>;
  private readonly signUps: client.Counter<'api'>;
  private readonly refreshReplays: client.Counter;
  private readonly lockouts: client.Counter;
  private readonly rateLimited: client.Counter<'kind'>;
  private readonly passwordUpgrades: client.Counter<'format'>;
  private readonly webhookDeliveries: client.Counter<'outcome'>;
  private latest: OpsStats | null = null;

  constructor(
    private readonly store: KyselyStore,
    private readonly clock: Clock,
  ) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    this.requestDuration.registerIn(this.registry);
    this.signIns = new client.Counter({
      name: 'sesame_sign_ins_total',
      help: 'Password sign-ins by API and outcome (success, invalid, throttled, mfa_required)',
      labelNames: ['api', 'outcome'],
      registers,
    });
    this.signUps = new client.Counter({ name: 'sesame_sign_ups_total', help: 'Self-service sign-ups by API', labelNames: ['api'], registers });
    this.refreshReplays = new client.Counter({
      name: 'sesame_refresh_replays_total',
      help: 'Refresh tokens used twice (the session is revoked)',
      registers,
    });
    this.lockouts = new client.Counter({ name: 'sesame_lockouts_total', help: 'Accounts locked by the sign-in throttle', registers });
    this.rateLimited = new client.Counter({
      name: 'sesame_rate_limited_total',
      help: 'Requests refused by a per-IP limit, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.passwordUpgrades = new client.Counter({
      name: 'sesame_password_upgrades_total',
      help: 'Stored password hashes re-made at sign-in, by their former format',
      labelNames: ['format'],
      registers,
    });
    this.webhookDeliveries = new client.Counter({
      name: 'sesame_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry, failed)',
      labelNames: ['outcome'],
      registers,
    });

    // Every known series from the start at 0, so a rate() sees the first event.
    for (const api of ['native', 'myclass', 'userapi', 'coinduchef', 'crdm']) {
      for (const outcome of ['success', 'invalid', 'throttled', 'mfa_required']) this.signIns.inc({ api, outcome }, 0);
      this.signUps.inc({ api }, 0);
    }
    for (const kind of ['signIn', 'signUp', 'refresh', 'mail']) this.rateLimited.inc({ kind }, 0);
    for (const outcome of ['delivered', 'retry', 'failed']) this.webhookDeliveries.inc({ outcome }, 0);

    // Read once per scrape by render(), then set by each gauge; a database that does
    // not answer leaves these gauges out and the rest is still served.
    const stats = () => this.latest;
    new client.Gauge({
      name: 'sesame_active_sessions',
      help: 'Sessions not revoked, within their idle timeout and absolute lifetime',
      registers,
      collect() {
        const current = stats();
        if (current) this.set(current.activeSessions);
      },
    });
    // An outbox's rows by state: every state listed, 0 when it has none.
    const byState = (name: string, help: string, states: string[], rows: (current: OpsStats) => Record<string, number>) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['state'],
        registers,
        collect() {
          const current = stats();
          this.reset();
          if (!current) return;
          const counts = rows(current);
          for (const state of states) this.set({ state }, counts[state] ?? 0);
        },
      });
    byState('sesame_mail_outbox', 'Mails in the outbox by state (pending, sent, failed)', ['pending', 'sent', 'failed'], (current) => current.mailByStatus);
    new client.Gauge({
      name: 'sesame_mail_oldest_pending_seconds',
      help: 'Age of the oldest mail not sent yet (0 when none)',
      registers,
      collect() {
        const current = stats();
        if (!current) return;
        const { oldestPendingMail } = current;
        this.set(oldestPendingMail ? Math.max(0, (clock.now().getTime() - oldestPendingMail.getTime()) / 1000) : 0);
      },
    });
    byState(
      'sesame_webhook_outbox',
      'Webhook deliveries by state (pending, delivered, failed)',
      ['pending', 'delivered', 'failed'],
      (current) => current.webhookDeliveriesByStatus,
    );
    new client.Gauge({
      name: 'sesame_db_pool_waiting',
      help: 'Queries waiting for a free PostgreSQL connection (always 0 on SQLite)',
      registers,
      collect() {
        this.set(store.poolStats()?.waiting ?? 0);
      },
    });
    new client.Gauge({
      name: 'sesame_db_pool_connections',
      help: 'Open PostgreSQL connections by state',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = store.poolStats();
        this.set({ state: 'idle' }, pool?.idle ?? 0);
        this.set({ state: 'busy' }, pool ? pool.total - pool.idle : 0);
      },
    });
  }

  /** What times the finished requests of one route; `route` is its pattern, never a raw URL. */
  requestObserver(route: string): RequestObserver {
    return this.requestDuration.forRoute(route);
  }

  observeAudit(event: RecordedAudit): void {
    const api = apiLabel(event.api);
    switch (event.action) {
      case 'user.signed_in':
        this.signIns.inc({ api, outcome: 'success' });
        break;
      case 'user.sign_in_failed':
        this.signIns.inc({ api, outcome: 'invalid' });
        break;
      case 'user.sign_in_throttled':
        this.signIns.inc({ api, outcome: 'throttled' });
        break;
      // Recorded by the MFA flows (issue 18) when a password was right and a second step is due.
      case 'user.sign_in_mfa_required':
        this.signIns.inc({ api, outcome: 'mfa_required' });
        break;
      case 'user.signed_up':
        this.signUps.inc({ api });
        break;
      case 'refresh_token.replayed':
        this.refreshReplays.inc();
        break;
      case 'user.locked':
        this.lockouts.inc();
        break;
      case 'user.password_upgraded': {
        const format = typeof event.details.format === 'string' ? event.details.format : 'other';
        this.passwordUpgrades.inc({ format });
        break;
      }
    }
  }

  observeRateLimited(kind: string): void {
    this.rateLimited.inc({ kind });
  }

  observeWebhookDelivery(outcome: DeliveryOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    this.latest = await this.store.opsStats(this.clock.now()).catch(() => null);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
