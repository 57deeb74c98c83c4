// Checks a password against an imported foreign hash, off the event loop: bcrypt
// through @node-rs/bcrypt (its own thread pool), PBKDF2 and scrypt through node:crypto's
// async forms, argon2 through the caller's verifier. Every comparison is constant-time.

import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { verify as verifyBcrypt } from '@node-rs/bcrypt';
import {
  parseDjangoPbkdf2,
  parseWerkzeugPbkdf2,
  parseWerkzeugScrypt,
  storedHashFormat,
  unwrapPrefix,
  type Pbkdf2Params,
  type ScryptParams,
} from './formats.js';
import { digestText } from './wrap.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

async function checkPbkdf2(params: Pbkdf2Params, password: string): Promise<boolean> {
  const derived = await pbkdf2Async(password, params.salt, params.iterations, params.expected.length, params.digest);
  return sameBytes(derived, params.expected);
}

async function checkScrypt(params: ScryptParams, password: string): Promise<boolean> {
  const { cost: N, blockSize: r, parallelization: p } = params;
  // hashlib's own limit for Werkzeug's hashes: 132 * N * r * p bytes.
  const derived = await scryptAsync(password, params.salt, params.expected.length, { N, r, p, maxmem: 132 * N * r * p + 1024 });
  return sameBytes(derived, params.expected);
}

export type Argon2Verify = (phc: string, password: string) => Promise<boolean>;

/** True when `password` matches the foreign `stored` hash; false for a mismatch or an unknown format. */
export async function verifyLegacyHash(stored: string, password: string, argon2: Argon2Verify): Promise<boolean> {
  try {
    switch (storedHashFormat(stored)) {
      case 'argon2':
      case 'argon2id':
        return await argon2(stored, password);
      case 'bcrypt':
        return await verifyBcrypt(password, stored);
      case 'werkzeug-pbkdf2':
        return await checkPbkdf2(parseWerkzeugPbkdf2(stored)!, password);
      case 'django-pbkdf2':
        return await checkPbkdf2(parseDjangoPbkdf2(stored)!, password);
      case 'werkzeug-scrypt':
        return await checkScrypt(parseWerkzeugScrypt(stored)!, password);
      case 'wrapped-sha256-base64':
      case 'wrapped-sha256-base64-base64': {
        const { format, inner } = unwrapPrefix(stored)!;
        return await argon2(inner, digestText(format, password));
      }
      case null:
        return false;
    }
  } catch {
    return false; // a hash the library refuses is a failure, never a crash
  }
}
