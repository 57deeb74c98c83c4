// The common-password blocklist of the policy (ASVS 6.2.4): the 49 000 most common
// passwords of @zxcvbn-ts/language-common, lower-cased, in a Set built on first use.

import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | null = null;

/** `lowercased` is the candidate password, already lower-cased by the policy. */
export function isCommonPassword(lowercased: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((entry) => String(entry).toLowerCase()));
  return common.has(lowercased);
}
