// The shared first half of every API's error handler (native, myclass, userapi,
// coinduchef, crdm): what kind of failure this is, independent of any wire format,
// with Retry-After set where it applies. Each apis/<name>/errors.ts does the second
// half (its own status codes and bodies) with a switch over `kind`, so body-limit,
// content-type, malformed-JSON, prototype-poisoning and rate-limit failures answer
// in that API's shape, and an unexpected error is logged once with the request id
// and never described. An API's own error classes (crdm's CsrfMismatch, myclass's
// MyclassFailure) are answered before it asks.
//
//   app.setErrorHandler((error, request, reply) => {
//     const failure = classifyFailure(error, request, reply);
//     switch (failure.kind) { case 'core': …; case 'internal': 500 with request.id … }
//   });

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError, isCoreError } from '../core/errors.js';
import { RateLimitedError } from './hardening.js';

export type Failure =
  /** A domain error: map error.code (too_many_attempts already has Retry-After set). */
  | { kind: 'core'; error: CoreError }
  /** Schema validation: messages per field, named as the client sent them. */
  | { kind: 'validation'; fields: Record<string, string[]> }
  /** Over the 1 MiB body limit: 413. */
  | { kind: 'payload_too_large' }
  /** A content type no parser accepts: 415. */
  | { kind: 'unsupported_media_type' }
  /** The per-IP limit of this route (Retry-After already set): 429. */
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** Any other client error Fastify raised (malformed JSON, __proto__, bad header…): `status` is 4xx. */
  | { kind: 'bad_request'; status: number }
  /** Our fault: answer 500 with the request id, nothing more (already logged). */
  | { kind: 'internal'; requestId: string };

export function classifyFailure(error: unknown, request: FastifyRequest, reply: FastifyReply): Failure {
  if (isCoreError(error)) {
    if (error.code === 'too_many_attempts') {
      reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
      // A per-IP budget the core counts itself (the refresh grant): the API's rate-limit answer.
      if (error.details.perIp) return { kind: 'rate_limited', retryAfterSeconds: error.details.retryAfterSeconds ?? 60 };
    }
    return { kind: 'core', error };
  }
  if (error instanceof RateLimitedError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return { kind: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.validation) return { kind: 'validation', fields: validationFields(fastifyError as FastifyError) };
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status === 413) return { kind: 'payload_too_large' };
  if (status === 415) return { kind: 'unsupported_media_type' };
  if (status >= 400 && status < 500) return { kind: 'bad_request', status };
  request.log.error({ err: error }, 'unexpected error');
  return { kind: 'internal', requestId: request.id };
}

/** Field → messages from Ajv errors, with field names as the client sent them. */
export function validationFields(error: FastifyError): Record<string, string[]> {
  // A Map, not `{}`: a client's field may be named `constructor` or `__proto__`.
  const fields = new Map<string, string[]>();
  for (const issue of error.validation ?? []) {
    const params = issue.params as { missingProperty?: string; additionalProperty?: string };
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = [path, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') || 'body';
    const message = params.additionalProperty
      ? 'is not a field that can be set here'
      : params.missingProperty
        ? 'is required'
        : (issue.message ?? 'is invalid');
    fields.set(field, [...(fields.get(field) ?? []), message]);
  }
  return Object.fromEntries(fields);
}
