// The crdm API (seed 004): a Laravel Sanctum SPA back end over Sésame's core.
// One encapsulated plugin: its cookies, CSRF check, CORS, error and not-found
// handlers stay inside it, so it behaves the same at /crdm and at the root of
// its own port, and nothing of it leaks into another API.

import cookie from '@fastify/cookie';
import type { ApiPlugin } from '../registry.js';
import { verifyCsrf } from './cookies.js';
import { crdmErrorHandler, crdmNotFoundHandler } from './errors.js';
import { passwordResetRoutes } from './routes/password-reset.js';
import { sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { userRoutes } from './routes/users.js';
import { twoFactorRoutes } from './routes/two-factor.js';

export const crdmApi: ApiPlugin = async (app, options) => {
  app.decorateRequest('crdmAuth', null);
  app.setErrorHandler(crdmErrorHandler);
  app.setNotFoundHandler(crdmNotFoundHandler);
  await app.register(cookie);
  // CORS (CORS_ORIGINS, with credentials) is set for every API in src/http/hardening.ts.
  app.addHook('onRequest', verifyCsrf);
  // Not `options` itself: it carries this plugin's own prefix, which children would add again.
  const { core, store, config } = options;
  await app.register(sessionRoutes, { core, store, config });
  await app.register(passwordResetRoutes, { core, store, config });
  await app.register(settingsRoutes, { core, store, config });
  await app.register(userRoutes, { core, store, config });
  await app.register(twoFactorRoutes, { core, store, config });
};
