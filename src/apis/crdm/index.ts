// The crdm API (seed 004): a Laravel Sanctum SPA back end over Sésame's core.
// One encapsulated plugin: its cookies, CSRF check, CORS, error and not-found
// handlers stay inside it, so it behaves the same at /crdm and at the root of
// its own port, and nothing of it leaks into another API.

import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import type { ApiPlugin } from '../registry.js';
import { verifyCsrf } from './cookies.js';
import { crdmErrorHandler, crdmNotFoundHandler } from './errors.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { userRoutes } from './routes/users.js';

export const crdmApi: ApiPlugin = async (app, options) => {
  app.decorateRequest('crdmAuth', null);
  app.setErrorHandler(crdmErrorHandler);
  app.setNotFoundHandler(crdmNotFoundHandler);
  await app.register(cookie);
  if (options.config.corsOrigins.length > 0) {
    // The SPA on another origin calls with credentials; only listed origins may.
    await app.register(cors, {
      origin: [...options.config.corsOrigins],
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  }
  app.addHook('onRequest', verifyCsrf);
  // Not `options` itself: it carries this plugin's own prefix, which children would add again.
  const { core, store, config } = options;
  await app.register(sessionRoutes, { core, store, config });
  await app.register(passwordResetRoutes, { core, store, config });
  await app.register(settingsRoutes, { core, store, config });
  await app.register(userRoutes, { core, store, config });
};
