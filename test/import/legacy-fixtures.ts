// Real password hashes of the legacy systems, made here by the real algorithms
// (bcryptjs, node:crypto, @node-rs/argon2) at low cost, and the CLI as a child process.

import { createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

export const LEGACY_FORMATS = [
  'bcrypt-2a',
  'bcrypt-2b',
  'bcrypt-2y',
  'werkzeug-pbkdf2',
  'werkzeug-scrypt',
  'django-pbkdf2',
  'argon2id',
  'argon2i',
  'sha256-base64',
  'sha256-base64-base64',
] as const;
export type LegacyFormat = (typeof LEGACY_FORMATS)[number];

/** The hash a legacy system stored for `password`, and the hash_format to declare (if any). */
export async function legacyHash(format: LegacyFormat, password: string): Promise<{ hash: string; declared?: string }> {
  const salt = randomBytes(8).toString('hex');
  switch (format) {
    case 'bcrypt-2a':
    case 'bcrypt-2b':
    case 'bcrypt-2y':
      // bcryptjs writes $2b$ (or $2a$); PHP's password_hash writes $2y$: the same algorithm.
      return { hash: bcrypt.hashSync(password, 4).replace(/^\$2[ab]\$/, `$${format.slice(-2)}$`) };
    case 'werkzeug-pbkdf2':
      return { hash: `pbkdf2:sha256:1000$${salt}$${pbkdf2Sync(password, salt, 1000, 32, 'sha256').toString('hex')}` };
    case 'werkzeug-scrypt':
      return { hash: `scrypt:1024:8:1$${salt}$${scryptSync(password, salt, 64, { N: 1024, r: 8, p: 1 }).toString('hex')}` };
    case 'django-pbkdf2':
      return { hash: `pbkdf2_sha256$1000$${salt}$${pbkdf2Sync(password, salt, 1000, 32, 'sha256').toString('base64')}` };
    case 'argon2id':
      return { hash: await argon2Hash(password, { algorithm: 2, memoryCost: 512, timeCost: 1, parallelism: 1 }) };
    case 'argon2i':
      return { hash: await argon2Hash(password, { algorithm: 1, memoryCost: 256, timeCost: 1, parallelism: 1 }) };
    case 'sha256-base64':
      return { hash: createHash('sha256').update(password).digest('base64'), declared: 'sha256-base64' };
    case 'sha256-base64-base64':
      // The seed's own shape (no hash_format: recognised by shape under --api userapi).
      return { hash: Buffer.from(createHash('sha256').update(password).digest('base64')).toString('base64') };
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sesame-import-'));
}

export function writeJsonl(dir: string, name: string, records: object[]): string {
  const file = join(dir, name);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

export { sesame, startSesame, type Run } from '../helpers/cli.js';
