// The one place where core errors and Fastify errors become the native API's
// RFC 9457 problem+json: a stable `code`, field errors, and the request id.
// Anything unexpected is a 500 with the request id and nothing else.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, type ErrorCode } from '../../core/errors.js';
import { classifyFailure } from '../../http/failures.js';

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
  mfa_required: 403,
  mfa_already_enabled: 409,
  invalid_code: 400,
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

export function nativeErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const failure = classifyFailure(error, request, reply);
  switch (failure.kind) {
    case 'core':
      return sendProblem(reply, STATUS[failure.error.code], failure.error.code, failure.error.message, {
        ...(failure.error.details.fields ? { errors: failure.error.details.fields } : {}),
        ...(failure.error.details.rules ? { rules: failure.error.details.rules } : {}),
      });
    case 'validation':
      return sendProblem(reply, 400, 'validation_failed', ERROR_MESSAGES.validation_failed, { errors: failure.fields });
    case 'payload_too_large':
      return sendProblem(reply, 413, 'payload_too_large', 'The request body is too large (1 MiB at most).');
    case 'unsupported_media_type':
      return sendProblem(reply, 415, 'unsupported_media_type', 'This content type is not accepted.');
    case 'rate_limited':
      return sendProblem(reply, 429, 'rate_limited', 'Too many requests from this address; try again later.');
    case 'bad_request':
      return sendProblem(reply, failure.status, 'bad_request', 'The request could not be read.');
    case 'internal':
      return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side.');
  }
}

export function nativeNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
}
