// TOTP codes (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step of drift) and recovery
// codes (10 random base32 characters, stored as SHA-256, compared in constant time).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256 } from '../opaque-tokens.js';

const PERIOD = 30;
const DIGITS = 6;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(secretBase32: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD });
}

/** The time step `code` is good for at `now` (one step of drift either way), or null. */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const cleaned = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(cleaned)) return null;
  const totp = totpFor(secretBase32, '', 'x');
  const delta = totp.validate({ token: cleaned, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now.getTime() }) + delta;
}

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 50 bits from an alphabet without look-alikes. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => BASE32[b & 31]!);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const normalizeRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]+/g, '');

/**
 * `salt.hash`: SHA-256 of the code with a random 32-bit salt of its own (ASVS 6.5.2
 * for secrets under 112 bits). Case, spaces and the dash do not matter when typed.
 */
export function hashRecoveryCode(code: string): string {
  const salt = randomBytes(4).toString('base64url');
  return `${salt}.${sha256(`${salt}:${normalizeRecoveryCode(code)}`)}`;
}

/** Constant-time check of a typed code against one stored `salt.hash`. */
export function recoveryCodeMatches(code: string, stored: string): boolean {
  const [salt, hash] = stored.split('.');
  if (!salt || !hash) return false;
  return hashesEqual(sha256(`${salt}:${normalizeRecoveryCode(code)}`), hash);
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
