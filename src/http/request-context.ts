// Where a request came from, as the core records it with sessions and audit events.

import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../core/model.js';

export function requestContext(request: FastifyRequest, api: string): RequestContext {
  const agent = request.headers['user-agent'];
  return { api, ip: request.ip ?? null, userAgent: agent ? agent.slice(0, 300) : null };
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
