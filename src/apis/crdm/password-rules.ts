// The CRDM document's password rules (8+ characters, a lower-case and an
// upper-case letter, a digit, a special character, not the current password),
// layered on the core policy so that a password set here works on every API.
// The composition rules are this API's own (the core policy has none, NIST
// SP 800-63B), so they are checked here, before the core is asked to change anything.

import type { Core } from '../../core/index.js';
import { checkPassword, type PasswordPolicyOptions } from '../../core/password-policy.js';
import { isCoreError, type PolicyRule } from '../../core/errors.js';
import type { Locale } from '../../core/model.js';
import { policyMessages } from './errors.js';
import { ValidationFailed } from './validation.js';

const DOCUMENT_MIN_LENGTH = 8;

/** The core policy, with the document's minimum when it is the longer one. */
export function crdmPasswordPolicy(core: Core): PasswordPolicyOptions {
  const base = core.deps.settings.passwordPolicy;
  return { ...base, minLength: Math.max(DOCUMENT_MIN_LENGTH, base.minLength) };
}

/** One lower-case and one upper-case letter, a digit and a symbol, in any script. */
export function compositionRules(password: string): PolicyRule[] {
  const broken: PolicyRule[] = [];
  if (!/\p{Ll}/u.test(password)) broken.push('missing_lowercase');
  if (!/\p{Lu}/u.test(password)) broken.push('missing_uppercase');
  if (!/\p{Nd}/u.test(password)) broken.push('missing_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) broken.push('missing_symbol');
  return broken;
}

export interface PasswordWording {
  locale: Locale;
  /** The field the password came in. */
  field: string;
  /** The field it must differ from, in `different` messages. */
  other: string;
}

function reject(core: Core, rules: PolicyRule[], wording: PasswordWording): never {
  const policy = crdmPasswordPolicy(core);
  throw new ValidationFailed({
    [wording.field]: policyMessages(rules, wording.locale, {
      field: wording.field,
      other: wording.other,
      minLength: policy.minLength,
      maxLength: policy.maxLength ?? 256,
    }),
  });
}

/**
 * Every rule `password` breaks, as Laravel's 422 on the field; `sameAs` is the
 * value it must differ from (Laravel's `different` rule compares the two fields).
 */
export function assertCrdmPassword(
  core: Core,
  password: string,
  context: { email: string; sameAs?: string },
  wording: PasswordWording,
): void {
  const rules = [
    ...checkPassword(password, crdmPasswordPolicy(core), { email: context.email }),
    ...compositionRules(password),
  ];
  if (context.sameAs !== undefined && password === context.sameAs) rules.push('same_as_current');
  if (rules.length > 0) reject(core, rules, wording);
}

/** Rethrows a core policy violation (e.g. the current password reused at reset) as Laravel's 422. */
export function reportPolicyOn(core: Core, error: unknown, wording: PasswordWording): never {
  if (isCoreError(error, 'policy_violation')) reject(core, error.details.rules ?? [], wording);
  throw error;
}
