// The one place where errors become crdm's Laravel-style bodies: 422
// {"message", "errors"} in the user's locale, 401 "Unauthenticated.", 419 for a
// CSRF mismatch, 403, 404, 429, and a 500 that says nothing but its request id.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isCoreError, type CoreError, type ErrorCode, type PolicyRule } from '../../core/errors.js';
import type { Locale } from '../../core/model.js';
import { classifyFailure } from '../../http/failures.js';
import { fieldMessage, translate, type MessageKey } from './messages.js';
import { localeOf } from './request-state.js';
import { ValidationFailed } from './validation.js';

/** A state-changing request whose X-XSRF-TOKEN does not match its XSRF-TOKEN cookie. */
export class CsrfMismatch extends Error {
  constructor() {
    super('CSRF token mismatch.');
    this.name = 'CsrfMismatch';
  }
}

/** Core field names → this API's. */
const WIRE_FIELD: Record<string, string> = {
  last_name: 'name',
  phone: 'phone_number',
  locale: 'localisation',
  new_email: 'email',
};

const RULE_MESSAGE: Record<PolicyRule, MessageKey> = {
  too_short: 'min',
  too_long: 'max',
  common_password: 'uncompromised',
  contains_email: 'not_email',
  missing_lowercase: 'lowercase',
  missing_uppercase: 'uppercase',
  missing_digit: 'numbers',
  missing_symbol: 'symbols',
  same_as_current: 'different',
};

export interface PolicyWording {
  field: string;
  /** The field the new password must differ from (same_as_current). */
  other: string;
  minLength: number;
  maxLength: number;
}

/** Each broken password rule as a Laravel message on `field`. */
export function policyMessages(rules: PolicyRule[], locale: Locale, wording: PolicyWording): string[] {
  return rules.map((rule) =>
    fieldMessage(locale, RULE_MESSAGE[rule], wording.field, {
      min: wording.minLength,
      max: wording.maxLength,
      other: wording.other,
    }),
  );
}

export function sendValidation(reply: FastifyReply, locale: Locale, errors: Record<string, string[]>) {
  return reply.code(422).send({ message: translate(locale, 'invalid'), errors });
}

function sendCoreError(error: CoreError, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(request);
  const code: ErrorCode = error.code;
  // Exhaustive: a new core error code does not compile until it is mapped here.
  switch (code) {
    case 'unauthenticated':
    case 'token_invalid':
    case 'token_expired':
    case 'session_expired':
    case 'invalid_grant':
      return reply.code(401).send({ message: 'Unauthenticated.' });
    case 'invalid_credentials':
      return reply.code(401).send({ message: translate(locale, 'auth_failed') });
    case 'forbidden':
    case 'email_not_verified':
      return reply.code(403).send({ message: 'This action is unauthorized.' });
    case 'not_found': {
      const id = (request.params as { id?: string } | undefined)?.id;
      return reply.code(404).send({ message: `No query results for model [App\\Models\\User]${id ? ` ${id}` : ''}` });
    }
    case 'too_many_attempts': {
      const seconds = error.details.retryAfterSeconds ?? 60;
      return reply.code(429).send({ message: translate(locale, 'auth_throttle', { seconds }) });
    }
    case 'email_taken':
      return sendValidation(reply, locale, { email: [fieldMessage(locale, 'unique', 'email')] });
    case 'username_taken':
      return sendValidation(reply, locale, { email: [fieldMessage(locale, 'unique', 'email')] });
    case 'last_admin':
      return sendValidation(reply, locale, { id: [translate(locale, 'last_admin')] });
    case 'policy_violation':
      return sendValidation(reply, locale, {
        password: policyMessages(error.details.rules ?? [], locale, {
          field: 'password',
          other: 'old_password',
          minLength: 8,
          maxLength: 256,
        }),
      });
    case 'validation_failed': {
      const errors: Record<string, string[]> = {};
      for (const field of Object.keys(error.details.fields ?? {})) {
        const wire = WIRE_FIELD[field] ?? field;
        errors[wire] = [fieldMessage(locale, wire === 'email' ? 'email' : 'in', wire)];
      }
      return sendValidation(reply, locale, errors);
    }
    default: {
      const unmapped: never = code;
      return sendServerError(new Error(`unmapped core error ${String(unmapped)}`), request, reply);
    }
  }
}

function sendServerError(error: Error, request: FastifyRequest, reply: FastifyReply) {
  request.log.error({ err: error }, 'unexpected error');
  return reply.code(500).send({ message: 'Server Error', request_id: request.id });
}

export function crdmErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ValidationFailed) return sendValidation(reply, localeOf(request), error.errors);
  if (error instanceof CsrfMismatch) return reply.code(419).send({ message: 'CSRF token mismatch.' });
  const failed = classifyFailure(error, request, reply);
  switch (failed.kind) {
    case 'core':
      return sendCoreError(failed.error, request, reply);
    case 'payload_too_large':
      return reply.code(413).send({ message: 'Content Too Large' });
    case 'unsupported_media_type':
      return reply.code(415).send({ message: 'Unsupported Media Type' });
    case 'rate_limited':
      return reply.code(429).send({ message: 'Too Many Attempts.' });
    case 'validation':
    case 'bad_request':
      return reply.code(400).send({ message: 'The request could not be read.' });
    case 'internal':
      return reply.code(500).send({ message: 'Server Error', request_id: failed.requestId });
  }
}

export function crdmNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!.replace(/^\/+/, '');
  return reply.code(404).send({ message: `The route ${path} could not be found.` });
}
