// What every port of Sésame shares before any API is registered: CORS for the configured origins only, strict content types, the per-IP
// rate limiter (off until a route opts in, see rate-limits.ts) and the route
// catalogue the fuzz suite reads. Body limit and prototype-poisoning refusal are
// Fastify options, set in app.ts next to the logger.

import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { recordRoutes } from './route-catalog.js';

/** Fastify's `trustProxy` from ours: a hop count becomes "trust the last n hops". */
export function fastifyTrustProxy(config: Readonly<Config>): boolean | string | ((address: string, hop: number) => boolean) {
  const { trustProxy } = config;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy;
}

/** `ownApi`: the seed API served alone on this port (its routes have no prefix). */
export async function registerHardening(
  app: FastifyInstance,
  config: Readonly<Config>,
  ownApi?: string,
  onRateLimited: (kind: string) => void = () => {},
): Promise<void> {
  recordRoutes(app, config, ownApi);
  const allowed = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['retry-after', 'x-request-id', 'www-authenticate'],
    maxAge: 600,
  });
  // Bodies are JSON or form-encoded (formbody, registered by app.ts); anything else,
  // text/plain included, is 415 rather than a string handed to a route.
  app.removeContentTypeParser('text/plain');
  await app.register(rateLimit, {
    global: false,
    // Exceeding a limit throws this error; each API's error handler turns it into
    // its own 429 shape (classifyFailure → rate_limited), with Retry-After set here.
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.ceil(context.ttl / 1000)),
    // Keys are `<kind>|<ip>` (rate-limits.ts): only the kind is told (metrics).
    onExceeded: (_request, key) => onRateLimited(key.split('|')[0] ?? 'other'),
  });
}

export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; try again later.');
    this.name = 'RateLimitedError';
  }
}
