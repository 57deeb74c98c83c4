// Coin du Chef (seeds 002 + 003): the FastAPI service's wire format over the
// shared core. One encapsulated plugin with its own error and not-found handlers,
// so it behaves the same at /coinduchef-auth and at the root of its own port.

import type { ApiPlugin } from '../registry.js';
import { decorateBearerAuth } from '../../http/bearer-auth.js';
import { coinduchefErrorHandler, coinduchefNotFoundHandler } from './errors.js';
import { trackMethods } from './method-not-allowed.js';
import { meRoutes } from './routes/me.js';
import { recettesRoutes } from './routes/recettes.js';
import { registerRoutes } from './routes/register.js';
import { tokenRoutes } from './routes/token.js';
import { utilisateursReadRoutes } from './routes/utilisateurs-read.js';
import { utilisateursWriteRoutes } from './routes/utilisateurs-write.js';

export const coinduchefApi: ApiPlugin = async (app, { core, store, config, domains }) => {
  // Not the mount's own `prefix`: the routes inherit it from this plugin.
  const options = { core, store, config };
  decorateBearerAuth(app);
  app.setErrorHandler(coinduchefErrorHandler({ passwordMinLength: config.password.minLength }));
  app.setNotFoundHandler(coinduchefNotFoundHandler);
  const answerOtherMethods = trackMethods(app);
  await app.register(registerRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(meRoutes, options);
  await app.register(utilisateursReadRoutes, options);
  await app.register(utilisateursWriteRoutes, options);
  await app.register(recettesRoutes, { ...options, recipes: domains.coinduchef.recipes });
  answerOtherMethods();
};
