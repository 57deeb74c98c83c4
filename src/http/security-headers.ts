// Security headers, computed once at start-up. A JSON answer gets the short set the
// OWASP REST Security Cheat Sheet lists for API responses (nothing in it renders, so
// the 14 headers written for HTML pages are 1.3 KB of every answer for nothing);
// HTML (the hosted pages, /docs) gets helmet's full set, recorded once into a plain
// object: @fastify/helmet would build helmet's middleware chain on every request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

const HSTS = 'max-age=31536000; includeSubDomains';

/** Every answer of every API: the request id is set beside these, in the same hook. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': HSTS,
});

/** Helmet's defaults for pages, with the HSTS and resource policy of the APIs. */
export const HTML_HEADERS: Readonly<Record<string, string>> = Object.freeze(
  helmetHeaders({
    crossOriginResourcePolicy: { policy: 'same-site' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  }),
);

function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/** For a plugin serving HTML: its answers get the page set instead of the API set. */
export function useHtmlHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(HTML_HEADERS);
    done();
  });
}
