// Listens, and shuts down gracefully on SIGTERM/SIGINT: stop accepting, let
// in-flight requests finish, then close the database. On a terminal the log is
// readable and a banner says where everything is; elsewhere the log is JSON.

import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp, buildSeedApiApp } from './app.js';
import { SEED_APIS, type Config } from './config.js';
import { prettyLogStream, startBanner, wantsPrettyLogs } from './ops/log-output.js';
import { startMetricsServer } from './ops/metrics-http.js';
import { openServices } from './services.js';

export async function startServer(config: Readonly<Config>): Promise<FastifyInstance> {
  const services = await openServices(config);
  await services.core.accessTokens.ensureSigningKey();
  const pretty = wantsPrettyLogs(config, process.stdout.isTTY === true);
  const deps = { ...services, ...(pretty ? { logStream: prettyLogStream() } : {}) };
  const app = await buildApp(deps);
  // Deprecated settings still honoured, once at start (config.ts has no logger).
  for (const warning of config.warnings) app.log.warn(warning);
  const extra: FastifyInstance[] = [];
  const ownPorts: Record<string, string> = {};
  for (const name of SEED_APIS) {
    const port = config.apis[name].port;
    if (port === null) continue;
    const own = await buildSeedApiApp(deps, name);
    if (!own) continue;
    ownPorts[name] = await own.listen({ port, host: config.host });
    extra.push(own);
  }
  let metricsServer: Server | null = null;
  if (config.metrics.port !== null) {
    metricsServer = await startMetricsServer(services.metrics, config.metrics.port, config.host);
  }
  // The main app closes last; the database closes after it (and its mail worker) is done.
  app.addHook('onClose', async () => {
    await Promise.all(extra.map((own) => own.close()));
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
  });
  const listening = await app.listen({ port: config.port, host: config.host });
  const { source, file, warning } = services.secretsKey;
  app.log.info({ source, file }, 'secrets key loaded');
  if (warning) app.log.warn(warning);

  const facts = {
    listening,
    publicUrl: config.publicUrl,
    ownPorts,
    metricsUrl: config.metrics.port !== null ? `http://${config.host}:${config.metrics.port}/metrics` : config.metrics.token ? `${config.publicUrl}/metrics (Bearer METRICS_TOKEN)` : null,
    hasConsole: app.hasRoute({ method: 'GET', url: '/admin' }),
  };
  if (pretty) process.stdout.write(`\n${startBanner(facts)}\n`);
  else app.log.info({ ...facts }, 'Sésame is ready');

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => services.store.close().then(() => process.exit(0)),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}
