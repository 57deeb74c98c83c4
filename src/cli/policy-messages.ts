// The password-policy rules in plain English, for the command line.

import type { PolicyRule } from '../core/errors.js';

export function describePolicyRules(rules: PolicyRule[], minLength: number): string {
  const text: Record<PolicyRule, string> = {
    too_short: `it must be at least ${minLength} characters long`,
    too_long: 'it must be at most 256 characters long',
    common_password: 'it is one of the most common passwords',
    contains_email: 'it must not be the email address or its part before the @',
    missing_lowercase: 'it needs a lower-case letter',
    missing_uppercase: 'it needs an upper-case letter',
    missing_digit: 'it needs a digit',
    missing_symbol: 'it needs a special character',
    same_as_current: 'it must differ from the current password',
  };
  return `${rules.map((rule) => text[rule]).join('; ')}.`;
}
