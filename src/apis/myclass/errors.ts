// The one place where errors become seed 000's `{"status": false, "message": …}`.
// Outcomes of the request (bad parameters, wrong password, expired token) answer
// HTTP 200 like the document's service, whose clients read `status`, not the HTTP
// code; only transport problems keep theirs (400 unreadable body, 404 no such api,
// 413, 415), plus 429 with Retry-After for throttling and 500 for the unexpected.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError, isCoreError } from '../../core/errors.js';
import { classifyFailure } from '../../http/failures.js';
import { MESSAGES, messageLocale, phrase, type Messages } from './messages.js';

export interface Failure {
  status: false;
  message: string;
}

/** A `status: false` answer whose whole text the route chose (e.g. a bad activation link). */
export class MyclassFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MyclassFailure';
  }
}

export function messagesFor(request: FastifyRequest): Messages {
  return MESSAGES[messageLocale(request.headers['accept-language'])];
}

/** Renames core field names to this API's (e.g. desired_date → date_souhaite) in a validation error. */
export async function withWireFields<T>(names: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isCoreError(error, 'validation_failed') && error.details.fields) {
      const fields: Record<string, string[]> = {};
      for (const [field, messages] of Object.entries(error.details.fields)) {
        fields[Object.hasOwn(names, field) ? names[field]! : field] = messages;
      }
      throw new CoreError('validation_failed', { ...error.details, fields }, error.message);
    }
    throw error;
  }
}

function coreMessage(error: CoreError, m: Messages, minPasswordLength: number): string {
  switch (error.code) {
    case 'validation_failed': {
      const fields = Object.entries(error.details.fields ?? {});
      // Without fields, the route worded the whole message itself.
      if (fields.length === 0) return error.message;
      return m.invalidParams(
        fields.map(([field, messages]) => `${field} ${messages.map((t) => phrase(m, t)).join(', ')}`).join(' ; '),
      );
    }
    case 'email_taken':
      return m.emailTaken;
    case 'username_taken':
      return m.usernameTaken;
    case 'invalid_credentials':
      return m.invalidCredentials;
    case 'email_not_verified':
      return m.notActivated;
    case 'unauthenticated':
      return m.tokenMissing;
    case 'token_invalid':
    case 'invalid_grant':
      return m.tokenInvalid;
    case 'token_expired':
    case 'session_expired':
      return m.tokenExpired;
    case 'forbidden':
      return m.forbidden;
    case 'not_found':
      if (error.details.resource === 'user') return m.userNotFound;
      if (error.details.resource === 'goal') return m.goalNotFound;
      if (error.details.resource === 'profile') return m.profileNotFound;
      return m.notFound;
    case 'policy_violation':
      return m.passwordRefused((error.details.rules ?? []).map((rule) => m.rules[rule](minPasswordLength)).join(', '));
    case 'last_admin':
      return m.lastAdmin;
    case 'too_many_attempts':
      return m.tooManyAttempts(error.details.retryAfterSeconds ?? 60);
    case 'mfa_required':
      return m.mfaRequired(error.details.signInUrl ?? '');
    case 'mfa_already_enabled':
    case 'invalid_code':
      return error.message;
  }
}

export function myclassErrorHandler(minPasswordLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const m = messagesFor(request);
    const fail = (status: number, message: string) => {
      // At 200 the route's schema is its success (wire.ts `answer`): the failure's two
      // fields are written as they are (a serializer of our own drops Fastify's JSON type).
      if (status === 200) reply.serializer(JSON.stringify).type('application/json; charset=utf-8');
      return reply.code(status).send({ status: false, message } satisfies Failure);
    };
    if (error instanceof MyclassFailure) return fail(200, error.message);
    const failed = classifyFailure(error, request, reply);
    switch (failed.kind) {
      case 'core':
        return fail(failed.error.code === 'too_many_attempts' ? 429 : 200, coreMessage(failed.error, m, minPasswordLength));
      case 'payload_too_large':
        return fail(413, m.tooLarge);
      case 'unsupported_media_type':
        return fail(415, m.unreadable);
      case 'rate_limited':
        return fail(429, m.tooManyAttempts(60));
      case 'validation':
      case 'bad_request':
        return fail(400, m.unreadable);
      case 'internal':
        return fail(500, m.internal(failed.requestId));
    }
  };
}

export function myclassNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const route = `${request.method} ${request.url.split('?')[0]}`;
  return reply.code(404).send({ status: false, message: messagesFor(request).noSuchApi(route) } satisfies Failure);
}
