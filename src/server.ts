// Listens, and shuts down gracefully on SIGTERM/SIGINT: stop accepting, let
// in-flight requests finish, then close the database.

import type { FastifyInstance } from 'fastify';
import { buildApp, buildSeedApiApp } from './app.js';
import { SEED_APIS, type Config } from './config.js';
import { openServices } from './services.js';

export async function startServer(config: Readonly<Config>): Promise<FastifyInstance> {
  const services = await openServices(config);
  await services.core.accessTokens.ensureSigningKey();
  const app = await buildApp(services);
  const extra: FastifyInstance[] = [];
  for (const name of SEED_APIS) {
    const port = config.apis[name].port;
    if (port === null) continue;
    const own = await buildSeedApiApp(services, name);
    if (!own) continue;
    await own.listen({ port, host: config.host });
    extra.push(own);
  }
  // The main app closes last; the database closes after it (and its mail worker) is done.
  app.addHook('onClose', async () => {
    await Promise.all(extra.map((own) => own.close()));
  });
  await app.listen({ port: config.port, host: config.host });
  const { source, file, warning } = services.secretsKey;
  app.log.info({ source, file }, 'secrets key loaded');
  if (warning) app.log.warn(warning);

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
