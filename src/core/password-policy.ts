// The password policy (NIST SP 800-63B): length bounds, not the email or its local
// part; no composition rules. APIs whose document asks for more add their own rules
// on top (crdm). The common-password blocklist joins here.

import { isCommonPassword } from './common-passwords.js';
import { CoreError, type PolicyRule } from './errors.js';
import { normalizeEmail } from './email.js';

export interface PasswordPolicyOptions {
  minLength: number;
  maxLength?: number;
  /** Passwords refused whatever their length, compared case-insensitively. */
  isCommon?: (lowercased: string) => boolean;
}

/** The longest password any API accepts: longer ones are refused, never truncated. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The core policy every API starts from: `minLength` (PASSWORD_MIN_LENGTH) to 256
 * characters, not a common password, not the email or its local part.
 */
export function corePasswordPolicy(minLength: number): PasswordPolicyOptions {
  return { minLength, maxLength: MAX_PASSWORD_LENGTH, isCommon: isCommonPassword };
}

export function checkPassword(
  password: string,
  options: PasswordPolicyOptions,
  context: { email?: string | null } = {},
): PolicyRule[] {
  const broken: PolicyRule[] = [];
  const length = [...password].length;
  if (length < options.minLength) broken.push('too_short');
  if (length > (options.maxLength ?? MAX_PASSWORD_LENGTH)) broken.push('too_long');
  const lowered = password.toLowerCase();
  if (options.isCommon?.(lowered)) broken.push('common_password');
  if (context.email) {
    const email = normalizeEmail(context.email);
    const local = email.split('@')[0] ?? '';
    if (lowered === email || lowered === local) broken.push('contains_email');
  }
  return broken;
}

export function assertPasswordAllowed(
  password: string,
  options: PasswordPolicyOptions,
  context: { email?: string | null } = {},
): void {
  const rules = checkPassword(password, options, context);
  if (rules.length > 0) throw new CoreError('policy_violation', { rules });
}
