// The console's cookie session: a kernel session opened through the API
// "console" (so it shows in /v1/me/sessions as such), whose opaque `id.secret`
// token lives in an HttpOnly cookie, Secure outside localhost, SameSite=Lax, with
// the console's own idle timeout. A session of another API is not a console one.
//
// CSRF: every form carries a token derived from the secret the browser holds in
// an HttpOnly cookie (an HMAC of a fixed label keyed by it). It is bound to the
// session, needs no storage, and a cross-site page can neither read the cookie
// nor compute the token. Before sign-in, the same is done with a random
// pre-session cookie.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/index.js';
import { isCoreError } from '../../core/errors.js';
import { secureCookie } from '../../http/secure-cookies.js';
import type { ValidSession } from '../../core/sessions.js';
import { MFA_STEP_TTL_SECONDS } from '../../core/mfa/settings.js';

export const SESSION_COOKIE = 'sesame_console';
export const PRE_SESSION_COOKIE = 'sesame_console_pre';
export const CONSOLE_API = 'console';
/** The mfa_token between the password and the code pages: HttpOnly, Strict, 5 minutes, sign-in paths only. */
export const MFA_COOKIE = 'sesame_console_mfa';
const MFA_COOKIE_PATH = '/account/sign-in';

function cookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie(request) };
}

export interface ConsoleVisit extends ValidSession {
  /** The cookie's token: the key of this session's CSRF tokens. */
  token: string;
}

/** The console session of this request, or null (none, ended, or of another API). */
export async function consoleSession(core: Core, request: FastifyRequest): Promise<ConsoleVisit | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  try {
    // Bound to its API: a token of another API's session opens no console.
    const valid = await core.sessions.validateToken(token, CONSOLE_API);
    return valid.session.api === CONSOLE_API ? { ...valid, token } : null;
  } catch (error) {
    if (isCoreError(error, 'token_invalid') || isCoreError(error, 'session_expired')) return null;
    throw error;
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

export function setMfaCookie(request: FastifyRequest, reply: FastifyReply, mfaToken: string): void {
  const maxAge = MFA_STEP_TTL_SECONDS;
  reply.setCookie(MFA_COOKIE, mfaToken, { ...cookieOptions(request), sameSite: 'strict', path: MFA_COOKIE_PATH, maxAge });
}

export function clearMfaCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(MFA_COOKIE, { ...cookieOptions(request), sameSite: 'strict', path: MFA_COOKIE_PATH });
}

/** The pre-session secret of the sign-in forms, set when missing. */
export function preSessionSecret(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[PRE_SESSION_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const secret = randomBytes(32).toString('base64url');
  reply.setCookie(PRE_SESSION_COOKIE, secret, { ...cookieOptions(request), sameSite: 'strict' });
  return secret;
}

export function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('sesame-console-csrf').digest('base64url');
}

/** The form's `_csrf` matches the token of `secret` (constant time). */
export function csrfMatches(secret: string | undefined, submitted: unknown): boolean {
  if (!secret || typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Only a path of this site: `/x`, never `//evil`, `/\evil`, a scheme or a control character. */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 512 || !value.startsWith('/')) return null;
  if (value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return null;
  const base = 'http://console.invalid';
  try {
    const url = new URL(value, base);
    return url.origin === base ? `${url.pathname}${url.search}` : null;
  } catch {
    return null;
  }
}
