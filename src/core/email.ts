// An email address is a plain `local@domain`: no display name, comment, quotes,
// angle brackets, list or whitespace, so that no mailer can read a second recipient
// into it. It is parsed once into an `Email`: the address as written (outer spaces
// trimmed, Unicode NFKC, so full-width look-alikes become what they look like) and
// the key accounts are compared by (that, lower-cased, the domain IDNA-normalised).
// "  Ana@Example.COM", "ana@EXAMPLE.com" and "ａｎａ@example.com" are one account.

import { domainToASCII } from 'node:url';
import { invalidField } from './errors.js';

declare const parsed: unique symbol;

export interface Email {
  /** As written, NFKC-normalised and trimmed: what the account shows and mail goes to. */
  readonly address: string;
  /** The uniqueness key: lower-cased, domain in its ASCII (punycode) form. */
  readonly normalized: string;
  readonly [parsed]: true;
}

/** RFC 5322 dot-atom text, plus any letter, mark or digit beyond ASCII (RFC 6531). */
const LOCAL_PART = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The Email of `raw`, or null when it is not a plain address. */
export function parseEmail(raw: unknown): Email | null {
  if (typeof raw !== 'string' || raw.length > 1024) return null;
  const address = raw.trim().normalize('NFKC');
  if (address.length > 254) return null;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (at < 1 || local.length > 64 || !LOCAL_PART.test(local)) return null;
  const ascii = asciiDomainOf(address.slice(at + 1));
  if (ascii === null || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null; // an IP address, not a domain
  return { address, normalized: keyOf(address) } as Email;
}

function asciiDomainOf(domain: string): string | null {
  // domainToASCII also takes what a URL host may hold (`[::1]`, `%41`): only letters,
  // digits, hyphens and dots get that far.
  if (!/^[\p{L}\p{M}\p{N}.-]+$/u.test(domain)) return null;
  return domainToASCII(domain) || null;
}

/** Lower-cased, the domain in ASCII when it has one; the migration that rekeyed old rows folds the same way. */
function keyOf(address: string): string {
  const at = address.lastIndexOf('@');
  const ascii = at > 0 ? asciiDomainOf(address.slice(at + 1)) : null;
  return ascii ? `${address.slice(0, at).toLowerCase()}@${ascii}` : address.toLowerCase();
}

/**
 * The uniqueness key of an address. For a string that is not a valid address (a
 * look-up with whatever a client sent) it still folds the same way, so it finds
 * nothing rather than something else.
 */
export function normalizeEmail(email: string): string {
  return keyOf(email.trim().normalize('NFKC'));
}

export function isValidEmail(email: string): boolean {
  return parseEmail(email) !== null;
}

/** Returns the normalised email or throws validation_failed on `field`. */
export function requireValidEmail(email: string, field = 'email'): string {
  const value = parseEmail(email);
  if (!value) throw invalidField(field, 'must be a valid email address');
  return value.normalized;
}

