// The two cookies of a Sanctum SPA back end. `XSRF-TOKEN` is readable by the
// page's JavaScript, which echoes it in `X-XSRF-TOKEN` (axios URL-decodes the
// cookie first); a cross-site page can neither read the cookie nor set the header,
// so a state-changing request without a matching echo is refused.
// The session cookie is HttpOnly and carries the core's opaque session token.
// Signed in, the XSRF token is bound to the session: an HMAC keyed by the session
// token, which only the server and the HttpOnly cookie know. A sibling subdomain
// can plant an XSRF-TOKEN cookie (cookie tossing) and echo it, but cannot compute
// the one of the victim's session, so plain double submit holds only before sign-in.

import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { secureCookie } from '../../http/secure-cookies.js';
import { sameSecret } from '../../http/same-secret.js';
import { CsrfMismatch } from './errors.js';

export const XSRF_COOKIE = 'XSRF-TOKEN';
export const SESSION_COOKIE = 'crdm_session';
const XSRF_LIFETIME_SECONDS = 2 * 60 * 60;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function baseOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', sameSite: 'lax', secure: secureCookie(request) };
}

/** The XSRF token of a session: 40 bytes of HMAC keyed by its token, the length of the random ones. */
function boundXsrfToken(sessionToken: string): string {
  return createHmac('sha512', sessionToken).update('crdm XSRF-TOKEN').digest().subarray(0, 40).toString('base64');
}

/**
 * Sets XSRF-TOKEN: bound to `session` (the session token the browser holds or is
 * given now), or random when there is none. Standard base64, so it exercises the
 * client's URL-decoding as Laravel's does.
 */
export function issueXsrfCookie(request: FastifyRequest, reply: FastifyReply, session: string | null): void {
  const token = session === null ? randomBytes(40).toString('base64') : boundXsrfToken(session);
  reply.setCookie(XSRF_COOKIE, token, {
    ...baseOptions(request),
    httpOnly: false,
    maxAge: XSRF_LIFETIME_SECONDS,
    // PHP's setcookie() percent-encodes "=", "+" and "/"; clients decode it before echoing.
    encode: encodeURIComponent,
  });
}

function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * onRequest hook: refuses a state-changing request whose header is not the XSRF
 * token of its session cookie or, with no session cookie, does not echo the
 * XSRF-TOKEN cookie.
 */
export async function verifyCsrf(request: FastifyRequest): Promise<void> {
  if (!STATE_CHANGING.has(request.method)) return;
  const session = sessionToken(request);
  const expected = session !== null ? boundXsrfToken(session) : request.cookies[XSRF_COOKIE];
  const header = request.headers['x-xsrf-token'];
  if (!expected || typeof header !== 'string' || header === '') throw new CsrfMismatch();
  if (!sameSecret(decodeHeader(header), expected)) throw new CsrfMismatch();
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  rememberForSeconds: number | null,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    ...baseOptions(request),
    httpOnly: true,
    ...(rememberForSeconds !== null ? { maxAge: rememberForSeconds } : {}),
  });
}

export const TWO_FACTOR_COOKIE = 'crdm_two_factor';

/** The login waiting for its second step (Fortify keeps it in the session): the kernel's mfa_token. */
export function setTwoFactorCookie(request: FastifyRequest, reply: FastifyReply, mfaToken: string): void {
  reply.setCookie(TWO_FACTOR_COOKIE, mfaToken, { ...baseOptions(request), httpOnly: true, maxAge: 300 });
}

export function clearTwoFactorCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(TWO_FACTOR_COOKIE, { ...baseOptions(request), httpOnly: true });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { ...baseOptions(request), httpOnly: true });
}

export function sessionToken(request: FastifyRequest): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return token ? token : null;
}
