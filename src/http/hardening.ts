// What every port of Sésame shares before any API is registered: CORS for the
// configured origins only (none configured: not registered), strict content types,
// the per-IP budgets (spent only by routes that opt in, see rate-limits.ts) and the
// route catalogue the fuzz suite reads. Body limit and prototype-poisoning refusal are
// Fastify options, set in app.ts next to the logger.

import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { RateBudgetRepo } from '../core/ports.js';
import { registerRateLimits } from './rate-limits.js';
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
  budgets: RateBudgetRepo,
  ownApi?: string,
  onRateLimited: (kind: string) => void = () => {},
): Promise<void> {
  recordRoutes(app, config, ownApi);
  // No origin configured: no CORS at all (the default), and no hook on every request
  // that could only say no.
  const allowed = new Set(config.corsOrigins);
  if (allowed.size > 0) await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['retry-after', 'x-request-id', 'www-authenticate'],
    maxAge: 600,
  });
  // Bodies are JSON or form-encoded (formbody, registered by app.ts); anything else,
  // text/plain included, is 415 rather than a string handed to a route.
  app.removeContentTypeParser('text/plain');
  registerRateLimits(app, config, budgets, onRateLimited);
}

// Its home is rate-limits.ts; re-exported for the error handlers that import it from here.
export { RateLimitedError } from './rate-limits.js';
