// The one place where core errors and Fastify errors become the native API's
// RFC 9457 problem+json: a stable `code`, field errors, and the request id.
// Anything unexpected is a 500 with the request id and nothing else.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, isCoreError, type ErrorCode } from '../../core/errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  email_taken: 409,
  username_taken: 409,
  invalid_credentials: 400,
  email_not_verified: 403,
  unauthenticated: 401,
  token_invalid: 401,
  token_expired: 401,
  session_expired: 401,
  invalid_grant: 400,
  forbidden: 403,
  not_found: 404,
  policy_violation: 422,
  last_admin: 409,
  too_many_attempts: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: Record<string, string[]>;
  rules?: string[];
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem> = {},
): FastifyReply {
  const problem: Problem = {
    type: `https://sesame.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    request_id: reply.request.id,
    ...extra,
  };
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(status).type('application/problem+json').send(problem);
}

/** Field → messages from Ajv errors, with field names as the client sent them. */
export function validationFields(error: FastifyError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.validation ?? []) {
    const params = issue.params as { missingProperty?: string; additionalProperty?: string };
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = [path, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') || 'body';
    const message = params.additionalProperty
      ? 'is not a field that can be set here'
      : params.missingProperty
        ? 'is required'
        : (issue.message ?? 'is invalid');
    (fields[field] ??= []).push(message);
  }
  return fields;
}

export function nativeErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isCoreError(error)) {
    const status = STATUS[error.code];
    if (error.code === 'too_many_attempts' && error.details.retryAfterSeconds) {
      reply.header('retry-after', String(error.details.retryAfterSeconds));
    }
    return sendProblem(reply, status, error.code, error.message, {
      ...(error.details.fields ? { errors: error.details.fields } : {}),
      ...(error.details.rules ? { rules: error.details.rules } : {}),
    });
  }
  if (error.validation) {
    return sendProblem(reply, 400, 'validation_failed', ERROR_MESSAGES.validation_failed, {
      errors: validationFields(error),
    });
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return sendProblem(reply, 413, 'payload_too_large', 'The request body is too large.');
  if (status === 415) return sendProblem(reply, 415, 'unsupported_media_type', 'This content type is not accepted.');
  if (status === 429) return sendProblem(reply, 429, 'too_many_attempts', ERROR_MESSAGES.too_many_attempts);
  if (status >= 400 && status < 500) {
    return sendProblem(reply, status, 'bad_request', 'The request could not be read.');
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side.');
}

export function nativeNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
}
