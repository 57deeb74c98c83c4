// The ceiling: a bare Fastify route in a server of its own, no logger, no plugins.
// Every Sésame figure is a ratio against this, measured in the same run.

import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ping', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.({ ready: true });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
