// Builds the Fastify application from config, core and store; never listens
// (server.ts does). Every API is an encapsulated plugin mounted here.

import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { SEED_APIS, type Config, type SeedApiName } from './config.js';
import { seedApis } from './apis/registry.js';
import type { Core } from './core/index.js';
import type { Store } from './core/ports.js';
import { nativeApi } from './apis/native/index.js';
import { nativeErrorHandler, nativeNotFoundHandler } from './apis/native/errors.js';
import { refuseNonFiniteNumbers } from './http/finite-numbers.js';
import { fastifyTrustProxy, registerHardening } from './http/hardening.js';
import { requestSerializer } from './http/log-redaction.js';
import { API_HEADERS, useHtmlHeaders } from './http/security-headers.js';
import { answerFrameworkError } from './http/route-catalog.js';
import { drainUnreadBodies } from './http/unread-body.js';
import { deferredChildLogger } from './ops/request-logger.js';
import type { MailServices } from './mail/index.js';
import type { ApiDomains } from './apis/domains.js';
import { webPages } from './web/index.js';
import { oidcProvider } from './apis/oidc/index.js';
import { metricsRoute, observeRequests } from './ops/metrics-http.js';
import type { Metrics } from './ops/metrics.js';
import type { Tracing } from './ops/tracing.js';
import type { WebhookServices } from './webhooks/index.js';

export interface AppDeps {
  config: Readonly<Config>;
  core: Core;
  store: Store;
  domains: ApiDomains;
  /** The mail worker runs with the main app: started when ready, stopped on close. */
  mail?: MailServices;
  /** The webhook worker runs with the main app, like the mail worker. */
  webhooks?: WebhookServices;
  /** Counted always; timed and served only when METRICS_PORT or METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing?: Tracing | null;
  /** Where log lines go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
}

/** The main app: the native API plus every seed API at its prefix. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = await createFastify(deps, { nativeFallback: true });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sésame',
        version: '1',
        description: 'Accounts, sign-in, sessions and tokens: the native API of Sésame.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          oauth2: {
            type: 'oauth2',
            description: 'The password grant of POST /v1/token gives the bearer access token.',
            flows: { password: { tokenUrl: `${deps.config.publicUrl}/v1/token`, scopes: {} } },
          },
        },
      },
    },
  });
  await app.register(async (docs) => {
    useHtmlHeaders(docs);
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(nativeApi, { core: deps.core, store: deps.store, config: deps.config });
  await app.register(webPages, { core: deps.core, store: deps.store, config: deps.config, consents: deps.domains.oidc.relyingParties });
  await app.register(oidcProvider, { core: deps.core, store: deps.store, config: deps.config, domains: deps.domains });
  if (deps.mail) runMailWorker(app, deps.mail, deps.core);
  if (deps.webhooks) runWebhookWorker(app, deps.webhooks);
  const { tracing } = deps;
  // The main app closes last (server.ts): the spans still buffered go out then.
  if (tracing) app.addHook('onClose', async () => tracing.shutdown());
  if (deps.metrics && deps.config.metrics.token) metricsRoute(app, deps.metrics, deps.config.metrics.token);
  for (const name of SEED_APIS) {
    const plugin = seedApis[name];
    if (plugin) await app.register(plugin, { ...deps, prefix: deps.config.apis[name].prefix });
  }
  return app;
}

/** The outbox worker lives as long as the main app; closing lets the mail in flight finish. */
function runMailWorker(app: FastifyInstance, mail: MailServices, core: Core): void {
  app.addHook('onReady', async () => {
    mail.useLog(app.log.child({ component: 'mail' }));
    mail.worker.start();
  });
  app.addHook('preClose', async () => {
    await mail.worker.stop();
  });
  app.addHook('onClose', async () => {
    await core.background.settled();
    await mail.close();
  });
}

function runWebhookWorker(app: FastifyInstance, webhooks: WebhookServices): void {
  app.addHook('onReady', async () => {
    webhooks.useLog(app.log.child({ component: 'webhooks' }));
    webhooks.worker.start();
  });
  app.addHook('preClose', async () => {
    await webhooks.worker.stop();
  });
}

/** One seed API alone at the root of its own port, as its existing clients expect. */
export async function buildSeedApiApp(deps: AppDeps, name: SeedApiName): Promise<FastifyInstance | null> {
  const plugin = seedApis[name];
  if (!plugin) return null;
  const app = await createFastify(deps, { nativeFallback: false, ownApi: name });
  await app.register(plugin, { core: deps.core, store: deps.store, config: deps.config, domains: deps.domains });
  return app;
}

/** Fastify with the settings every port shares: logging, request ids, body limits, parsers. */
async function createFastify(deps: AppDeps, options: { nativeFallback: boolean; ownApi?: string }) {
  const { config } = deps;
  let self: FastifyInstance | null = null;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-access-token"]'],
      serializers: { req: requestSerializer },
    },
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    childLoggerFactory: deferredChildLogger,
    trustProxy: fastifyTrustProxy(config),
    bodyLimit: 1024 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors: (error, request, reply) => answerFrameworkError(self!, error, request, reply),
    // Seed 000's document writes its URLs `…:5000//myclass/api/…`: its clients may send them so.
    routerOptions: { ignoreDuplicateSlashes: true },
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array' }, plugins: [refuseNonFiniteNumbers] },
  }).withTypeProvider<TypeBoxTypeProvider>();
  self = app as unknown as FastifyInstance;

  // Set as the request comes in, so every answer carries them, errors included;
  // HTML plugins (hosted pages, /docs) put the page set over the API set.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(API_HEADERS);
    reply.header('x-request-id', request.id);
    done();
  });

  drainUnreadBodies(self);

  // Outside every API's own plugin (unknown paths, /openapi.json), the native shape
  // answers; a seed API alone on its port sets its own handlers.
  if (options.nativeFallback) {
    app.setErrorHandler(nativeErrorHandler);
    app.setNotFoundHandler(nativeNotFoundHandler);
  }

  // First, so that every route registered after it is traced.
  if (deps.tracing) await app.register(deps.tracing.plugin);
  const { metrics } = deps;
  if (metrics && (config.metrics.port !== null || config.metrics.token !== null)) observeRequests(self, metrics);
  await registerHardening(app, config, deps.store.rateBudgets, options.ownApi, (kind) => metrics?.observeRateLimited(kind));
  await app.register(formbody);
  return app;
}
