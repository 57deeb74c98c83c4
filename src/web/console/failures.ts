// A core error (or a refused request) as the console shows it: a status and a
// message in the visitor's language, with the fields or password rules concerned.

import type { FastifyError } from 'fastify';
import { isCoreError } from '../../core/errors.js';
import { RateLimitedError } from '../../http/hardening.js';
import { pageWords } from '../messages.js';
import type { Locale } from '../../core/model.js';
import { fieldLabel } from './profile-form.js';
import { fill, type ConsoleWords } from './words.js';

export interface ShownFailure {
  status: number;
  message: string;
  fieldErrors: string[];
  retryAfterSeconds?: number;
}

export function showFailure(error: unknown, w: ConsoleWords, locale: Locale, minLength: number): ShownFailure | null {
  const plain = (status: number, message: string): ShownFailure => ({ status, message, fieldErrors: [] });
  if (error instanceof RateLimitedError) {
    return { ...plain(429, fill(w.tooMany, { seconds: error.retryAfterSeconds })), retryAfterSeconds: error.retryAfterSeconds };
  }
  if (!isCoreError(error)) {
    const validation = (error as FastifyError | null)?.validation;
    return validation ? plain(400, w.invalidFields) : null;
  }
  switch (error.code) {
    case 'invalid_credentials':
      return plain(400, w.wrongPassword);
    case 'email_taken':
      return plain(409, w.emailTaken);
    case 'username_taken':
      return plain(409, w.usernameTaken);
    case 'forbidden':
      return plain(403, w.forbidden);
    case 'not_found':
      return plain(404, w.notFound);
    case 'invalid_code':
      return plain(400, w.invalidCode);
    case 'mfa_already_enabled':
      return plain(409, w.mfaAlreadyOn);
    case 'last_admin':
      return plain(409, w.lastAdmin);
    case 'too_many_attempts': {
      const seconds = error.details.retryAfterSeconds ?? 60;
      return { ...plain(429, fill(w.tooMany, { seconds })), retryAfterSeconds: seconds };
    }
    case 'policy_violation': {
      const rules = pageWords[locale].rules;
      const fieldErrors = (error.details.rules ?? []).map((rule) => rules[rule].replace('{min}', String(minLength)));
      return { status: 422, message: w.invalidFields, fieldErrors };
    }
    case 'validation_failed': {
      const fields = error.details.fields ?? {};
      const fieldErrors = Object.entries(fields).flatMap(([field, messages]) =>
        messages.map((message) => `${fieldLabel(w, field)}: ${message}`),
      );
      return { status: 400, message: w.invalidFields, fieldErrors };
    }
    case 'session_expired':
      return null; // the error handler sends the visitor to sign in again
    default:
      // Every other kernel refusal is about the request, never a fault of ours.
      return plain(400, w.badRequest);
  }
}
