// What a request looks like in the log. Query strings carry secrets in the legacy
// APIs (userapi's `/login?email=&pass=`, myclass' `token`, mailed `?token=` links),
// so every query value is replaced; the parameter names stay for debugging.
// Header secrets are removed by the logger's `redact` paths in app.ts.

import type { FastifyRequest } from 'fastify';

export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${pair.split('=')[0]!.slice(0, 64)}=…`);
  return `${url.slice(0, mark)}?${names.join('&')}`;
}

export const requestSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url),
  host: request.host,
  remoteAddress: request.ip,
});
