// Opens the store and assembles the core from config: shared by the server, the
// CLI and the tests, so all three run the same code.

import type { Config } from './config.js';
import { createCore, type Core } from './core/index.js';
import { budgetOf } from './http/rate-limits.js';
import { createArgon2Hasher } from './core/password-hasher.js';
import { corePasswordPolicy } from './core/password-policy.js';
import { systemClock, type Clock } from './core/ports.js';
import type { CoreSettings } from './core/settings.js';
import { createSecretBox } from './store/secret-box.js';
import { loadSecretsKey, type SecretsKey } from './store/secrets-key.js';
import { openStore, type KyselyStore, type OpenStoreOptions } from './store/store.js';
import { adapterMigrations, createApiDomains, type ApiDomains } from './apis/domains.js';
import { Metrics } from './ops/metrics.js';
import type { Tracing } from './ops/tracing.js';
import { createWebhookServices, type WebhookServices } from './webhooks/index.js';
import { createMailServices, type MailServiceOptions, type MailServices } from './mail/index.js';

export interface Services {
  config: Readonly<Config>;
  store: KyselyStore;
  core: Core;
  mail: MailServices;
  webhooks: WebhookServices;
  metrics: Metrics;
  /** Null unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: Tracing | null;
  /** Where the secrets key came from (the start log and `sesame copy` say it). */
  secretsKey: SecretsKey;
  /** What the seed APIs own beside the kernel (recipes, goals, profiles). */
  domains: ApiDomains;
}

/**
 * The store with every migration, the kernel's and each adapter's: how the server,
 * the CLI and the tests of a whole Sésame open the database.
 */
export function openSesameStore(url: string, options: Omit<OpenStoreOptions, 'migrations'> = {}): Promise<KyselyStore> {
  return openStore(url, { ...options, migrations: adapterMigrations });
}

export function coreSettings(config: Readonly<Config>): CoreSettings {
  return {
    passwordPolicy: corePasswordPolicy(config.password.minLength),
    sessions: { ...config.sessions },
    tokens: { ...config.tokens },
    refreshBudget: budgetOf(config, 'refresh'),
  };
}

export async function openServices(
  config: Readonly<Config>,
  clock: Clock = systemClock,
  mailOptions: MailServiceOptions = {},
): Promise<Services> {
  const secretsKey = loadSecretsKey(config);
  const secrets = createSecretBox(secretsKey.key);
  const store = await openSesameStore(config.databaseUrl, { secrets });
  const mail = createMailServices(config, store, clock, mailOptions);
  const webhooks = createWebhookServices(config, store, clock, secrets, mailOptions);
  // Loaded only when traces are on: off, nothing is wrapped and nothing is imported.
  const tracing = config.otlpEndpoint ? (await import('./ops/tracing.js')).startTracing(config.otlpEndpoint) : null;
  const hasher = createArgon2Hasher(config.argon2);
  const core = createCore({
    store: tracing ? (await import('./ops/tracing.js')).tracedStore(store, tracing.tracer) : store,
    hasher: tracing ? (await import('./ops/tracing.js')).tracedHasher(hasher, tracing.tracer) : hasher,
    clock,
    settings: coreSettings(config),
    mail: mail.deps,
    webhookDestinations: webhooks.destinations,
    secrets,
  });
  const metrics = new Metrics(store, clock);
  store.auditFeed.subscribe((event) => metrics.observeAudit(event));
  webhooks.onOutcome((outcome) => metrics.observeWebhookDelivery(outcome));
  webhooks.onDisabled((endpoint) => {
    core.background.run(async () => {
      await core.webhooks.tellAdminsDisabled(endpoint);
    });
  });
  return { config, store, core, mail, webhooks, metrics, tracing, secretsKey, domains: createApiDomains(store, clock) };
}
