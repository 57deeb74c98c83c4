// The plumbing floor: Sésame as shipped (every plugin, hook and header of the
// compiled app) with one more route of the benchmark's own that answers a constant
// user object without reading anything. What the app costs beyond the bare Fastify
// ceiling before any session check is done.

import { buildApp } from '../../dist/app.js';
import { loadConfig } from '../../dist/config.js';
import { openServices } from '../../dist/services.js';

const config = loadConfig(process.env);
const services = await openServices(config);
await services.core.accessTokens.ensureSigningKey();
const app = await buildApp(services);
const constant = {
  id: 1,
  email: 'floor@bench.test',
  username: null,
  first_name: 'Floor',
  last_name: null,
  role: 'user',
  email_verified: true,
  created_at: '2026-12-01T00:00:00.000Z',
};
app.get('/bench/floor', async () => constant);
await app.listen({ port: config.port, host: config.host });
process.send?.({ ready: true });
process.once('SIGTERM', () => app.close().then(() => services.store.close()).then(() => process.exit(0)));
