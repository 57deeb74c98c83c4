// Opaque tokens the Lucia way: `id.secret`, where only a SHA-256 of the secret is
// stored and compared in constant time. Used for refresh tokens, cookie and legacy
// session tokens, and the one-time tokens of mail links.

import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface IssuedToken {
  id: string;
  /** What the client gets; never stored. */
  token: string;
  secretHash: string;
}

/** One call, no Hash object: a session check of a cookie or legacy token makes one on every request. */
export function sha256(text: string): string {
  return hash('sha256', text, 'base64url');
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

export function issueOpaqueToken(): IssuedToken {
  // One draw for both parts (a draw costs more than its bytes).
  const bytes = randomBytes(12 + 32);
  const id = bytes.subarray(0, 12).toString('base64url');
  const secret = bytes.subarray(12).toString('base64url');
  return { id, token: `${id}.${secret}`, secretHash: sha256(secret) };
}

export function parseOpaqueToken(token: string): { id: string; secret: string } | null {
  const match = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
