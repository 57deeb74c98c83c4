// Whether a cookie set for this request is Secure: everywhere but on a developer's
// own machine (localhost, a loopback address, *.localhost), where there is no TLS.
// One rule for every cookie Sésame sets (the console's, crdm's).

import type { FastifyRequest } from 'fastify';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLocalhost(request: FastifyRequest): boolean {
  const host = request.hostname.toLowerCase();
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
}

/** The `secure` flag of a cookie set in answer to `request`. */
export function secureCookie(request: FastifyRequest): boolean {
  return !isLocalhost(request);
}
