// The per-IP budgets of the routes that cost (argon2) or send mail: one budget per
// kind and client IP (request.ip: X-Forwarded-For only as TRUST_PROXY says), counted
// in the database (store.rateBudgets: rate-limiter-flexible's SQLite and PostgreSQL
// stores), so every route of every API, every port and every process on one
// database spend the same budget. A route opts in through its config:
//   app.post('/login', { config: rateLimit(config, 'signIn'), schema }, handler)
// Requests that mail an address other than the account's own also spend a budget
// of that account: spendBudgets(request, deps, 'mail', user.id) in the handler.
// Over budget is a RateLimitedError, which each API's error handler answers as its
// own 429 with Retry-After (classifyFailure → rate_limited).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { isCoreError } from '../core/errors.js';
import type { RateBudget, RateBudgetRepo } from '../core/ports.js';

/** Over a per-IP or per-account budget; each API's error handler answers its own 429 (classifyFailure → rate_limited). */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    /** The budget's kind (metrics). */
    readonly kind: RateLimitKind = 'signIn',
  ) {
    super('Too many requests; try again later.');
    this.name = 'RateLimitedError';
  }
}

export type RateLimitKind = 'signIn' | 'signUp' | 'refresh' | 'mail';

/** The kind's name in the database key (`sign_in|203.0.113.7`); the core's refresh count uses the same. */
const KEY_NAME: Record<RateLimitKind, string> = { signIn: 'sign_in', signUp: 'sign_up', refresh: 'refresh', mail: 'mail' };

interface IpBudgetOption {
  /** The kind counted, or a function of the parsed request (null: not counted here). */
  kind: RateLimitKind | ((request: FastifyRequest) => RateLimitKind | null);
  /** onRequest before the body is read (a refused request costs nothing); preHandler when the kind needs the body. */
  hook: 'onRequest' | 'preHandler';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    ipBudget?: IpBudgetOption;
  }
}

export interface RouteRateLimit {
  ipBudget: IpBudgetOption;
}

export function budgetOf(config: Readonly<Config>, kind: RateLimitKind): RateBudget {
  const windowSeconds = kind === 'mail' ? config.rateLimits.mailWindowSeconds : config.rateLimits.windowSeconds;
  return { limit: config.rateLimits[kind], windowSeconds };
}

/** The route `config` of a route of one kind. */
export function rateLimit(_config: Readonly<Config>, kind: RateLimitKind): RouteRateLimit {
  return { ipBudget: { kind, hook: 'onRequest' } };
}

/**
 * An OAuth2 token endpoint: the password grant counts as a sign-in; the
 * refresh_token grant is counted by the core inside the refresh's own transaction
 * (no commit of its own). The kind needs the parsed body: a preHandler, after
 * validation, so malformed bodies cost nothing.
 */
export function tokenEndpointRateLimit(_config: Readonly<Config>): RouteRateLimit {
  return { ipBudget: { kind: grantKind, hook: 'preHandler' } };
}

function grantKind(request: FastifyRequest): RateLimitKind | null {
  const body = request.body as { grant_type?: unknown } | undefined;
  return body?.grant_type === 'refresh_token' ? null : 'signIn';
}

export function ipBudgetKey(kind: RateLimitKind, ip: string): string {
  return `${KEY_NAME[kind]}|${ip}`;
}

async function spend(budgets: RateBudgetRepo, kind: RateLimitKind, key: string, budget: RateBudget): Promise<void> {
  const answer = await budgets.spend(key, budget);
  if (!answer.allowed) throw new RateLimitedError(answer.retryAfterSeconds, kind);
}

/** Registers the hooks that spend the budgets routes opt into (every port, before any API). */
export function registerRateLimits(
  app: FastifyInstance,
  config: Readonly<Config>,
  budgets: RateBudgetRepo,
  /** Told the kind of every refusal (metrics), the core's refresh count included. */
  onRateLimited: (kind: RateLimitKind) => void = () => {},
): void {
  // A hook on the routes that opted in only: the others (the session checks on every
  // request) pay nothing for it.
  app.addHook('onRoute', (route) => {
    const option = (route.config as { ipBudget?: IpBudgetOption } | undefined)?.ipBudget;
    if (!option) return;
    const spendOne = async (request: FastifyRequest) => {
      const kind = typeof option.kind === 'function' ? option.kind(request) : option.kind;
      if (kind) await spend(budgets, kind, ipBudgetKey(kind, request.ip), budgetOf(config, kind));
    };
    // First of the route's own hooks, as a rate limit should be.
    const existing = route[option.hook];
    const others = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    route[option.hook] = [spendOne, ...others] as typeof existing;
  });
  // Before any API's error handler: Retry-After on every 429 of a budget, whatever its shape.
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof RateLimitedError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      onRateLimited(error.kind);
    } else if (isCoreError(error, 'too_many_attempts') && error.details.perIp) {
      onRateLimited('refresh');
    }
  });
}

export interface BudgetDeps {
  config: Readonly<Config>;
  store: { rateBudgets: RateBudgetRepo };
}

/**
 * In a handler: spends the request's IP budget of `kind` and, given an account,
 * that account's budget of the same kind too (mail to another address, userapi's
 * self-deletion): one helper for every API, so no adapter counts its own way.
 */
export async function spendBudgets(
  request: FastifyRequest,
  deps: BudgetDeps,
  kind: RateLimitKind,
  accountId?: number,
): Promise<void> {
  const budget = budgetOf(deps.config, kind);
  await spend(deps.store.rateBudgets, kind, ipBudgetKey(kind, request.ip), budget);
  if (accountId !== undefined) await spend(deps.store.rateBudgets, kind, `${KEY_NAME[kind]}|account:${accountId}`, budget);
}
