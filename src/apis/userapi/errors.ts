// The one place where errors become the userapi's `{"success": false, "message": …}`.
// The document gives no statuses; we use the usual ones (400, 401, 403, 404, 409,
// 429) so that HTTP-aware clients can tell the cases apart, and the body is the
// documented one whatever the case. Anything unexpected is a 500 that names the
// request id and nothing else.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, type CoreError, type ErrorCode, type PolicyRule } from '../../core/errors.js';
import { classifyFailure } from '../../http/failures.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  email_taken: 409,
  username_taken: 409,
  invalid_credentials: 401,
  email_not_verified: 403,
  unauthenticated: 401,
  token_invalid: 401,
  token_expired: 401,
  session_expired: 401,
  invalid_grant: 401,
  forbidden: 403,
  not_found: 404,
  policy_violation: 400,
  last_admin: 409,
  too_many_attempts: 429,
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  email_taken: 'This email is already used by another account.',
  username_taken: 'This username is already taken.',
  invalid_credentials: 'Wrong email or password.',
  unauthenticated: 'Token required.',
  token_invalid: 'Invalid token.',
  token_expired: 'Token expired.',
  session_expired: 'Session ended; log in again.',
  invalid_grant: 'Invalid, expired or already used refresh token.',
  forbidden: 'Permission denied.',
  // The document's own wording.
  not_found: 'User not in database',
};

const RULES: Record<PolicyRule, string> = {
  too_short: 'too short',
  too_long: 'too long',
  common_password: 'too common',
  contains_email: 'the same as the email',
  missing_lowercase: 'missing a lowercase letter',
  missing_uppercase: 'missing an uppercase letter',
  missing_digit: 'missing a digit',
  missing_symbol: 'missing a symbol',
  same_as_current: 'the same as the current one',
};

/** Core field names in this API's words. */
const FIELD_NAMES: Record<string, string> = { first_name: 'prenom', last_name: 'nom' };

export interface Failure {
  success: false;
  message: string;
}

export function failure(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ success: false, message } satisfies Failure);
}

function messageOf(error: CoreError, minPasswordLength: number): string {
  if (error.code === 'policy_violation') {
    const rules = (error.details.rules ?? []).map((rule) =>
      rule === 'too_short' ? `shorter than ${minPasswordLength} characters` : RULES[rule],
    );
    return `Password refused: ${rules.join(', ')}.`;
  }
  const fields = Object.entries(error.details.fields ?? {});
  if (error.code === 'validation_failed' && fields.length > 0) {
    return fields.map(([field, messages]) => `${FIELD_NAMES[field] ?? field} ${messages.join(', ')}`).join('; ') + '.';
  }
  return MESSAGES[error.code] ?? error.message;
}

export function userapiErrorHandler(minPasswordLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const failed = classifyFailure(error, request, reply);
    switch (failed.kind) {
      case 'core': {
        const status = STATUS[failed.error.code];
        if (status === 401) reply.header('www-authenticate', 'Bearer');
        return failure(reply, status, messageOf(failed.error, minPasswordLength));
      }
      case 'payload_too_large':
        return failure(reply, 413, 'The request is too large.');
      case 'unsupported_media_type':
        return failure(reply, 415, 'This content type is not accepted.');
      case 'rate_limited':
        return failure(reply, 429, ERROR_MESSAGES.too_many_attempts);
      case 'validation':
      case 'bad_request':
        return failure(reply, 400, 'The request could not be read.');
      case 'internal':
        return failure(reply, 500, `Internal error (request ${failed.requestId}).`);
    }
  };
}

export function userapiNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return failure(reply, 404, `Unknown route ${request.method} ${request.url.split('?')[0]}.`);
}
