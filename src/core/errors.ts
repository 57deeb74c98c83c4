// The registry of core errors. Each has a stable machine code that every API maps
// to its own status and body (apis/<name>/errors.ts); the core never speaks HTTP.

export const ERROR_MESSAGES = {
  validation_failed: 'Some fields are invalid.',
  email_taken: 'An account with this email already exists.',
  username_taken: 'This username is already taken.',
  invalid_credentials: 'The email or password is incorrect.',
  email_not_verified: 'The email address of this account is not verified yet.',
  unauthenticated: 'Authentication is required.',
  token_invalid: 'The token is invalid.',
  token_expired: 'The token has expired.',
  session_expired: 'The session has ended; sign in again.',
  invalid_grant: 'The refresh token is invalid, expired or already used.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found.',
  policy_violation: 'The password does not meet the password policy.',
  last_admin: 'The last administrator cannot be demoted or deleted.',
  too_many_attempts: 'Too many attempts; try again later.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Rules of the password policy, named so that each API can word them in its own language. */
export type PolicyRule =
  | 'too_short'
  | 'too_long'
  | 'common_password'
  | 'contains_email'
  | 'missing_lowercase'
  | 'missing_uppercase'
  | 'missing_digit'
  | 'missing_symbol'
  | 'same_as_current';

/** Extra facts that go with some codes. */
export interface ErrorDetails {
  /** validation_failed: messages per field. */
  fields?: Record<string, string[]>;
  /** policy_violation: the rules broken. */
  rules?: PolicyRule[];
  /** too_many_attempts: seconds until a new attempt is considered. */
  retryAfterSeconds?: number;
  /** too_many_attempts: the client's per-IP budget ran out (not the account's lockout). */
  perIp?: boolean;
  /** not_found: what was looked for (e.g. "user"). */
  resource?: string;
}

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetails = {},
    message: string = ERROR_MESSAGES[code],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export function isCoreError(error: unknown, code?: ErrorCode): error is CoreError {
  return error instanceof CoreError && (code === undefined || error.code === code);
}

export const invalidField = (field: string, message: string): CoreError =>
  new CoreError('validation_failed', { fields: { [field]: [message] } }, message);
