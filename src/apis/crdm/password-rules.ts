// The CRDM document's password rules (8+ characters, a lower-case and an
// upper-case letter, a digit, a special character, not the current password),
// layered on the core policy so that a password set here works on every API.

import type { Core } from '../../core/index.js';
import type { PasswordPolicyOptions } from '../../core/password-policy.js';
import { isCoreError, type PolicyRule } from '../../core/errors.js';
import type { Locale } from '../../core/model.js';
import { policyMessages } from './errors.js';
import { ValidationFailed } from './validation.js';

const DOCUMENT_MIN_LENGTH = 8;

export function crdmPasswordPolicy(core: Core): PasswordPolicyOptions {
  const base = core.deps.settings.passwordPolicy;
  return { ...base, minLength: Math.max(DOCUMENT_MIN_LENGTH, base.minLength), composition: true };
}

/** Rethrows a policy violation as Laravel's 422 on `field`, each broken rule one message. */
export function reportPolicyOn(core: Core, error: unknown, locale: Locale, field: string, other: string): never {
  if (isCoreError(error, 'policy_violation')) {
    const policy = crdmPasswordPolicy(core);
    const rules: PolicyRule[] = error.details.rules ?? [];
    throw new ValidationFailed({
      [field]: policyMessages(rules, locale, {
        field,
        other,
        minLength: policy.minLength,
        maxLength: policy.maxLength ?? 256,
      }),
    });
  }
  throw error;
}
