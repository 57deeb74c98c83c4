// userapi's unsalted SHA-256 digests (seed 001: "hashed in sha256 and encoded in
// base64") must not rest in the database as they are: at import the digest text is
// hashed with argon2id and stored as `$sesame-wrap$<format>$argon2id$…`. At sign-in
// the password's digest text is computed the same way and checked against the wrap.

import { createHash } from 'node:crypto';
import { WRAP_PREFIX, type DigestFormat } from './formats.js';

/** The digest text the legacy system stored for `password`. */
export function digestText(format: DigestFormat, password: string): string {
  const once = createHash('sha256').update(password, 'utf8').digest('base64');
  // The seed's examples are the base64 of that base64 text (60 characters).
  return format === 'sha256-base64' ? once : Buffer.from(once, 'latin1').toString('base64');
}

/** Wraps a digest in argon2id with the service's hasher. */
export async function wrapDigest(
  hashArgon2id: (text: string) => Promise<string>,
  format: DigestFormat,
  digest: string,
): Promise<string> {
  return `${WRAP_PREFIX}${format}${await hashArgon2id(digest)}`;
}
