// What every console page module is built from, and the gate in front of the
// signed-in pages: a console session or a redirect to sign-in (keeping where the
// visitor was going), then the form token of every POST.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RelyingParties } from '../../apis/oidc/relying-parties.js';
import type { Config } from '../../config.js';
import type { LinkBuilder } from '../../core/mail.js';
import type { Core } from '../../core/index.js';
import type { BudgetDeps } from '../../http/rate-limits.js';
import type { AccountPage } from '../links.js';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  consoleSession,
  csrfMatches,
  safeReturnTo,
  type ConsoleVisit,
} from './console-session.js';

export interface ConsoleContext {
  core: Core;
  config: Readonly<Config>;
  /** The shared rate budgets (spendBudgets): per IP and per account, as every API spends them. */
  store: BudgetDeps['store'];
  product: string;
  links: Record<AccountPage, LinkBuilder>;
  /** The OpenID Connect consents: the same calls as GET and DELETE /v1/me/consents. */
  consents: Pick<RelyingParties, 'consents' | 'revokeConsent'>;
}

/** A POST whose form token is missing or wrong. */
export class CsrfRefused extends Error {
  readonly statusCode = 403;
  constructor() {
    super('CSRF token missing or invalid');
    this.name = 'CsrfRefused';
  }
}

const visits = new WeakMap<FastifyRequest, ConsoleVisit>();

export function visitOf(request: FastifyRequest): ConsoleVisit {
  const visit = visits.get(request);
  if (!visit) throw new Error('console page without its session gate');
  return visit;
}

export type FormBody = Record<string, string | undefined>;

export function formOf(request: FastifyRequest): FormBody {
  return (request.body ?? {}) as FormBody;
}

/** preHandler of every signed-in page. */
export function requireConsoleSession(ctx: ConsoleContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const visit = await consoleSession(ctx.core, request);
    if (!visit) {
      if (request.cookies[SESSION_COOKIE]) clearSessionCookie(request, reply);
      const returnTo = request.method === 'GET' ? safeReturnTo(request.url) : null;
      const query = returnTo && returnTo !== '/account' ? `?return_to=${encodeURIComponent(returnTo)}` : '';
      return reply.redirect(`/account/sign-in${query}`, 303);
    }
    if (request.method === 'POST' && !csrfMatches(visit.token, formOf(request)._csrf)) throw new CsrfRefused();
    visits.set(request, visit);
  };
}

/** `?done=key` of a redirect after a change: the notice to show, if it is one of `known`. */
export function doneNotice<K extends string>(request: FastifyRequest, known: Record<K, string>): string | null {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' && done in known ? known[done as K] : null;
}
