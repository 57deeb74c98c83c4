// A secret a client sent against the one expected, in constant time: both are
// hashed first, so the lengths are equal and the comparison itself leaks nothing
// (neither the secret's length nor where the two first differ).

import { hash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => hash('sha256', text, 'buffer');

export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
