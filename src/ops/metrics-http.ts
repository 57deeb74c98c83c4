// Where /metrics is served. Never public by default: METRICS_PORT serves it alone
// on a port of its own (bind that where only Prometheus reaches); METRICS_TOKEN
// serves it on the main port to `Authorization: Bearer <token>` (401 otherwise);
// with neither, the main port has no such route (404).

import http from 'node:http';
import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import { sameSecret } from '../http/same-secret.js';
import type { Metrics } from './metrics.js';
import type { RequestObserver } from './request-histogram.js';

/**
 * The onResponse hooks that time requests: one bound to each route's pattern, and
 * one for unmatched paths (which no route's hook sees; they share one label).
 */
export function requestTimers(metrics: Pick<Metrics, 'requestObserver'>) {
  const timer =
    (observe: RequestObserver): onResponseHookHandler =>
    (request, reply, done) => {
      observe(request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    };
  const unmatched = metrics.requestObserver('unmatched');
  const unmatchedTimer: onResponseHookHandler = (request, reply, done) => {
    if (request.is404) unmatched(request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  };
  return { forRoute: (url: string) => timer(metrics.requestObserver(url)), unmatched: unmatchedTimer };
}

/**
 * Times every request by its route pattern, bound to each route as it is added
 * (request.routeOptions builds an object on each read).
 */
export function observeRequests(app: FastifyInstance, metrics: Metrics): void {
  const timers = requestTimers(metrics);
  app.addHook('onRoute', (route) => {
    route.onResponse = [...[route.onResponse ?? []].flat(), timers.forRoute(route.url)];
  });
  app.addHook('onResponse', timers.unmatched);
}

/** GET /metrics on the main port, for the holder of the token. */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, token: string): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!sameSecret(request.headers.authorization ?? '', `Bearer ${token}`)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('unauthorized\n');
    }
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).send(body);
  });
}

/** /metrics alone on a port of its own; resolves once listening. */
export async function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
