// What an error answer looks like in each API, from the README's API sections and the seed
// documents, so that the suites that walk every mounted route can check that a
// refusal is in the shape of the API that gave it.

import type { LightMyRequestResponse } from 'fastify';
import type { MountedRoute } from '../../src/http/route-catalog.js';

type Body = Record<string, unknown>;

const SEED_SHAPES: Record<string, (body: Body) => boolean> = {
  // {"status": false, "message": …}
  myclass: (body) => body.status === false && 'message' in body,
  // {"success": false, "message": …}
  userapi: (body) => body.success === false && 'message' in body,
  // FastAPI: {"detail": …}; documented 404s {"message": …}; OAuth2 {"error": …}
  coinduchef: (body) => 'detail' in body || 'message' in body || 'error' in body,
  // Laravel: {"message": …, "errors"?: {…}}
  crdm: (body) => typeof body.message === 'string',
};

/**
 * Whether the API refused the request: a 4xx, or the failure flag of the seed APIs
 * whose documents answer failures with 200 (`{"status": false}`, `{"success": false}`).
 */
export function isRefusal(route: MountedRoute, response: LightMyRequestResponse): boolean {
  if (response.statusCode >= 400) return true;
  if (route.api !== 'myclass' && route.api !== 'userapi') return false;
  try {
    const body = response.json<Body>();
    return body.status === false || body.success === false;
  } catch {
    return false;
  }
}

/** Why this refusal is not in the error shape of its API, or null when it is. */
export function errorShapeProblem(route: MountedRoute, response: LightMyRequestResponse): string | null {
  if (!isRefusal(route, response) || response.headers['content-length'] === '0' || response.body === '') return null;
  // The hosted pages and the console (/account…, /admin…) are for people: their refusals are HTML pages.
  if (/^\/(account|admin)(\/|$)/.test(route.url) && String(response.headers['content-type']).startsWith('text/html')) return null;
  // The OpenID Connect endpoints answer as OAuth 2 does: {error, error_description}, or an HTML page for the browser.
  const oidc = /^\/oidc(\/|$)/.test(route.url) || route.url === '/.well-known/openid-configuration';
  if (oidc && String(response.headers['content-type']).startsWith('text/html')) return null;
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return `not JSON: ${response.body.slice(0, 200)}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `not a JSON object: ${response.body.slice(0, 200)}`;
  const record = body as Body;
  if (oidc && typeof record.error === 'string') return null;
  // The console's passkey calls (its one script) answer JSON: { error, message } in the visitor's words.
  const consolePasskeys = /^\/account\/(passkeys|sign-in\/passkey)(\/options)?$/.test(route.url);
  if (consolePasskeys) return typeof record.error === 'string' && typeof record.message === 'string' ? null : `not the console's JSON error: ${response.body.slice(0, 300)}`;
  if (route.api === 'native') {
    if (route.url === '/v1/token') {
      return typeof record.error === 'string' && typeof record.error_description === 'string' ? null : `not an OAuth2 error: ${response.body}`;
    }
    const problem =
      String(response.headers['content-type']).startsWith('application/problem+json') &&
      typeof record.code === 'string' &&
      record.status === response.statusCode &&
      record.request_id === response.headers['x-request-id'];
    return problem ? null : `not a problem+json with code and request_id: ${response.body.slice(0, 300)}`;
  }
  const check = SEED_SHAPES[route.api];
  if (!check || check(record)) return null;
  return `not in the ${route.api} error shape: ${response.body.slice(0, 300)}`;
}

const LEAKS: [RegExp, string][] = [
  [/\bat [^\s]+ \(?[^\s]*\.(ts|js|mjs):\d+/, 'a stack trace'],
  [/node_modules|\/work\/|\/home\/|\/usr\/|file:\/\//, 'a server path'],
  [/SQLITE_|syntax error at or near|violates [a-z ]*constraint|relation "|no such table|duplicate key value/i, 'a database message'],
  [/\$argon2/, 'a password hash'],
];

/** What an answer gives away that it should not, or null. */
export function leakProblem(response: LightMyRequestResponse): string | null {
  for (const [pattern, what] of LEAKS) {
    if (pattern.test(response.body)) return `the answer contains ${what}: ${response.body.slice(0, 300)}`;
  }
  return null;
}
