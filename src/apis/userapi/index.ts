// The userapi (seed 001): one encapsulated plugin with its own error and not-found
// handlers and its own JSON parser, so it answers `{"success": false, …}` the same
// at /userapi on the main port and at the root of its own port (USERAPI_PORT).

import type { ApiPlugin } from '../registry.js';
import { userapiErrorHandler, userapiNotFoundHandler } from './errors.js';
import { deleteRoutes } from './routes/delete.js';
import { levelRoutes } from './routes/levels.js';
import { loginRoutes } from './routes/login.js';
import { profileRoutes } from './routes/profile.js';
import { registerRoutes } from './routes/register.js';
import { tokenRoutes } from './routes/tokens.js';

export const userapi: ApiPlugin = async (app, options) => {
  app.setErrorHandler(userapiErrorHandler(options.config.password.minLength));
  app.setNotFoundHandler(userapiNotFoundHandler);

  // The document's clients put everything in the query string and may still send
  // `Content-Type: application/json` with an empty body: that is no body, not an error.
  // Fastify's own parser (with its __proto__ and constructor refusals) otherwise.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });

  // Only the services: the `prefix` this plugin was registered with must not apply twice.
  const services = { core: options.core, store: options.store, config: options.config };
  for (const routes of [registerRoutes, loginRoutes, profileRoutes, levelRoutes, tokenRoutes, deleteRoutes]) {
    await app.register(routes, services);
  }
};
