// Listens, and shuts down gracefully on SIGTERM/SIGINT: stop accepting, let
// in-flight requests finish, then close the database.

import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openServices } from './services.js';

export async function startServer(config: Readonly<Config>): Promise<FastifyInstance> {
  const services = await openServices(config);
  await services.core.accessTokens.ensureSigningKey();
  const app = await buildApp(services);
  app.addHook('onClose', async () => services.store.close());
  await app.listen({ port: config.port, host: config.host });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
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
