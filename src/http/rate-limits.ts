// Per-client-IP limits for the routes that cost (argon2) or send mail. Every API
// uses these in its route options, e.g.
//   app.post('/login', { config: rateLimit(config, 'signIn'), schema }, handler)
// The counter is per IP (request.ip: X-Forwarded-For only as TRUST_PROXY says) and
// per kind, so the same client's sign-ins through two APIs share one budget.

import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

export type RateLimitKind = 'signIn' | 'signUp' | 'refresh' | 'mail';

export interface RouteRateLimit {
  rateLimit: {
    max: number | ((request: FastifyRequest, key: string) => number);
    timeWindow: number;
    keyGenerator: (request: FastifyRequest) => string;
    hook?: 'onRequest' | 'preHandler';
  };
}

/** The route `config` of a route of one kind. */
export function rateLimit(config: Readonly<Config>, kind: RateLimitKind): RouteRateLimit {
  return {
    rateLimit: {
      max: config.rateLimits[kind],
      timeWindow: config.rateLimits.windowSeconds * 1000,
      keyGenerator: (request) => `${kind}|${request.ip}`,
    },
  };
}

/**
 * An OAuth2 token endpoint serves two kinds: the password grant counts as a
 * sign-in, the refresh_token grant as a refresh. The key needs the parsed body, so
 * this limit runs as a preHandler (after validation: malformed bodies cost nothing).
 */
export function tokenEndpointRateLimit(
  config: Readonly<Config>,
  kindOf: (request: FastifyRequest) => RateLimitKind = grantKind,
): RouteRateLimit {
  return {
    rateLimit: {
      max: (_request, key) => config.rateLimits[key.split('|')[0] as RateLimitKind] ?? config.rateLimits.signIn,
      timeWindow: config.rateLimits.windowSeconds * 1000,
      keyGenerator: (request) => `${kindOf(request)}|${request.ip}`,
      hook: 'preHandler',
    },
  };
}

function grantKind(request: FastifyRequest): RateLimitKind {
  const body = request.body as { grant_type?: unknown } | undefined;
  return body?.grant_type === 'refresh_token' ? 'refresh' : 'signIn';
}
