// The blocklist of common passwords: the 49,000 most common ones of zxcvbn-ts'
// `passwords-common` list, lower-cased into a Set on first use (a few ms, once per
// process), then looked up in constant time.

import { dictionary } from '@zxcvbn-ts/language-common';

let blocklist: Set<string> | null = null;

function load(): Set<string> {
  blocklist ??= new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
  return blocklist;
}

/** True when `password` is on the list, whatever its case. */
export function isCommonPassword(password: string): boolean {
  return load().has(password.toLowerCase());
}

/** How many passwords the blocklist holds (for tests and the docs). */
export function commonPasswordCount(): number {
  return load().size;
}
