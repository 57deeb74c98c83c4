// The native API (/v1, JWKS, health): one encapsulated plugin with its own error
// handler, so its problem+json shape never leaks into another API.

import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import type { Store } from '../../core/ports.js';
import { decorateBearerAuth } from '../../http/bearer-auth.js';
import { nativeErrorHandler } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { jwksRoutes } from './routes/jwks.js';
import { logoutRoutes } from './routes/logout.js';
import { mailFlowRoutes } from './routes/mail-flows.js';
import { meRoutes } from './routes/me.js';
import { mePasswordRoutes } from './routes/me-password.js';
import { meSessionsRoutes } from './routes/me-sessions.js';
import { signupRoutes } from './routes/signup.js';
import { tokenRoutes } from './routes/token.js';
import { usersReadRoutes } from './routes/users-read.js';
import { usersWriteRoutes } from './routes/users-write.js';
import { auditEventsRoutes } from './routes/audit-events.js';
import { mailOutboxRoutes } from './routes/mail-outbox.js';
import { userActionsRoutes } from './routes/user-actions.js';
import { userSessionsRoutes } from './routes/user-sessions.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface NativeOptions {
  core: Core;
  store: Store;
  config: Readonly<Config>;
}

export const nativeApi: FastifyPluginAsync<NativeOptions> = async (app, options) => {
  decorateBearerAuth(app);
  app.setErrorHandler(nativeErrorHandler);
  await app.register(healthRoutes, options);
  await app.register(jwksRoutes, options);
  await app.register(signupRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(meRoutes, options);
  await app.register(logoutRoutes, options);
  await app.register(mailFlowRoutes, options);
  await app.register(mePasswordRoutes, options);
  await app.register(meSessionsRoutes, options);
  await app.register(usersReadRoutes, options);
  await app.register(usersWriteRoutes, options);
  await app.register(userSessionsRoutes, options);
  await app.register(userActionsRoutes, options);
  await app.register(auditEventsRoutes, options);
  await app.register(mailOutboxRoutes, options);
  await app.register(webhookRoutes, options);
};
