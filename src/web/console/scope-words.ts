// What each OpenID Connect scope lets an application do, in the visitor's words:
// on the consent page and in the list of connected applications on /account.

import type { ConsoleWords } from './words.js';

const SCOPE_WORDS = {
  openid: 'scopeOpenid',
  profile: 'scopeProfile',
  email: 'scopeEmail',
  offline_access: 'scopeOfflineAccess',
} as const satisfies Record<string, keyof ConsoleWords>;

/** The scopes the provider offers (and asks consent for). */
export const KNOWN_SCOPES: readonly string[] = Object.keys(SCOPE_WORDS);

/** The phrases of the known scopes among `scopes`, in the order given. */
export function scopePhrases(scopes: readonly string[], w: ConsoleWords): string[] {
  return scopes.filter((scope) => scope in SCOPE_WORDS).map((scope) => w[SCOPE_WORDS[scope as keyof typeof SCOPE_WORDS]]);
}
