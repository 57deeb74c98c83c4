// The myclass API (seed 000): one encapsulated plugin with its own error and
// not-found handlers, so it answers `{"status": false, "message": …}` the same
// at /myclass/api on the main port and at the root of its own port.

import type { ApiPlugin, SeedApiOptions } from '../registry.js';
import { myclassErrorHandler, myclassNotFoundHandler } from './errors.js';
import { acceptMultipart } from './multipart.js';
import { accountRoutes } from './routes/accounts.js';
import { activationRoutes } from './routes/activation.js';
import { goalRoutes } from './routes/goals.js';
import { loginRoutes } from './routes/login.js';
import { profileRoutes } from './routes/profiles.js';

export type MyclassOptions = SeedApiOptions;

export const myclassApi: ApiPlugin = async (app, options) => {
  app.setErrorHandler(myclassErrorHandler(options.config.password.minLength));
  app.setNotFoundHandler(myclassNotFoundHandler);
  acceptMultipart(app);
  await accountRoutes(app, options);
  await activationRoutes(app, options);
  await loginRoutes(app, options);
  await goalRoutes(app, options);
  await profileRoutes(app, options);
};
