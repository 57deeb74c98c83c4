// The password hash formats Sésame accepts from the systems it replaces, recognised
// by shape. Only self-describing strings are ever stored: the unsalted SHA-256 forms
// of userapi are wrapped in argon2id at import (wrap.ts), never kept bare.

/** What a stored hash is; everything but `argon2id` is upgraded at the next sign-in. */
export type StoredHashFormat =
  | 'argon2id'
  | 'argon2'
  | 'bcrypt'
  | 'werkzeug-pbkdf2'
  | 'werkzeug-scrypt'
  | 'django-pbkdf2'
  | 'wrapped-sha256-base64'
  | 'wrapped-sha256-base64-base64';

/** The unsalted digests of userapi (seed 001), as text. */
export type DigestFormat = 'sha256-base64' | 'sha256-base64-base64';
export const DIGEST_FORMATS: readonly DigestFormat[] = ['sha256-base64', 'sha256-base64-base64'];

/** The `hash_format` values an import file may declare. */
export const DECLARED_FORMATS = [
  'bcrypt',
  'argon2',
  'argon2id',
  'werkzeug',
  'django-pbkdf2',
  'sha256-base64',
  'sha256-base64-base64',
  'wrapped-sha256-base64',
  'wrapped-sha256-base64-base64',
] as const;
export type DeclaredFormat = (typeof DECLARED_FORMATS)[number];

export const WRAP_PREFIX = '$sesame-wrap$';

const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(id|i|d)\$(v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;
const WERKZEUG_PBKDF2 = /^pbkdf2:(sha1|sha256|sha512):(\d{1,8})\$([^$]+)\$([0-9a-f]+)$/;
const WERKZEUG_SCRYPT = /^scrypt:(\d{1,8}):(\d{1,3}):(\d{1,3})\$([^$]+)\$([0-9a-f]+)$/;
const DJANGO_PBKDF2 = /^pbkdf2_sha256\$(\d{1,8})\$([^$]+)\$([A-Za-z0-9+/]+={0,2})$/;
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const SHA256_BASE64_BASE64 = /^[A-Za-z0-9+/]{58}==$|^[A-Za-z0-9+/]{59}=$|^[A-Za-z0-9+/]{60}$/;

export interface Pbkdf2Params {
  digest: 'sha1' | 'sha256' | 'sha512';
  iterations: number;
  salt: string;
  expected: Buffer;
}

export interface ScryptParams {
  cost: number;
  blockSize: number;
  parallelization: number;
  salt: string;
  expected: Buffer;
}

/** Bounds that keep a hostile import file from making one sign-in cost minutes. */
const MAX_ITERATIONS = 10_000_000;
const MAX_SCRYPT_COST = 1 << 20;

export function parseWerkzeugPbkdf2(hash: string): Pbkdf2Params | null {
  const m = WERKZEUG_PBKDF2.exec(hash);
  if (!m || m[4]!.length % 2 !== 0) return null;
  const iterations = Number(m[2]);
  if (iterations < 1 || iterations > MAX_ITERATIONS) return null;
  return { digest: m[1] as Pbkdf2Params['digest'], iterations, salt: m[3]!, expected: Buffer.from(m[4]!, 'hex') };
}

export function parseWerkzeugScrypt(hash: string): ScryptParams | null {
  const m = WERKZEUG_SCRYPT.exec(hash);
  if (!m || m[5]!.length % 2 !== 0) return null;
  const [cost, blockSize, parallelization] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // N must be a power of two above 1 (node:crypto and hashlib both insist).
  if (cost < 2 || cost > MAX_SCRYPT_COST || (cost & (cost - 1)) !== 0 || blockSize < 1 || parallelization < 1) return null;
  return { cost, blockSize, parallelization, salt: m[4]!, expected: Buffer.from(m[5]!, 'hex') };
}

export function parseDjangoPbkdf2(hash: string): Pbkdf2Params | null {
  const m = DJANGO_PBKDF2.exec(hash);
  if (!m) return null;
  const iterations = Number(m[1]);
  if (iterations < 1 || iterations > MAX_ITERATIONS) return null;
  return { digest: 'sha256', iterations, salt: m[2]!, expected: Buffer.from(m[3]!, 'base64') };
}

/** The format of a hash as stored in Sésame, or null for a string no check can accept. */
export function storedHashFormat(hash: string): StoredHashFormat | null {
  if (hash.startsWith('$argon2id$')) return ARGON2.test(hash) ? 'argon2id' : null;
  if (hash.startsWith('$argon2')) return ARGON2.test(hash) ? 'argon2' : null;
  if (BCRYPT.test(hash)) return 'bcrypt';
  if (parseWerkzeugPbkdf2(hash)) return 'werkzeug-pbkdf2';
  if (parseWerkzeugScrypt(hash)) return 'werkzeug-scrypt';
  if (parseDjangoPbkdf2(hash)) return 'django-pbkdf2';
  const wrapped = unwrapPrefix(hash);
  if (wrapped && ARGON2.test(wrapped.inner)) return `wrapped-${wrapped.format}`;
  return null;
}

export function unwrapPrefix(hash: string): { format: DigestFormat; inner: string } | null {
  if (!hash.startsWith(WRAP_PREFIX)) return null;
  const rest = hash.slice(WRAP_PREFIX.length);
  const format = DIGEST_FORMATS.find((f) => rest.startsWith(`${f}$`));
  return format ? { format, inner: rest.slice(format.length) } : null;
}

/** How an imported hash is to be kept: as it is, wrapped first, or refused. */
export type ImportedHash =
  | { kind: 'store'; hash: string; format: StoredHashFormat }
  | { kind: 'wrap'; digest: string; format: DigestFormat }
  | { kind: 'invalid'; reason: string };

function digestShape(hash: string): DigestFormat | null {
  if (SHA256_BASE64.test(hash)) return 'sha256-base64';
  if (SHA256_BASE64_BASE64.test(hash)) {
    // The base64 text of a base64 digest decodes to exactly that digest shape.
    const inner = Buffer.from(hash, 'base64').toString('latin1');
    return SHA256_BASE64.test(inner) ? 'sha256-base64-base64' : null;
  }
  return null;
}

/**
 * Reads the `password_hash` of an import record. Unprefixed SHA-256 digests are
 * accepted when `hash_format` names them or, under `--api userapi`, by shape.
 */
export function readImportedHash(hash: string, declared: DeclaredFormat | null, api: string): ImportedHash {
  if (declared === 'sha256-base64' || declared === 'sha256-base64-base64') {
    return digestShape(hash) === declared
      ? { kind: 'wrap', digest: hash, format: declared }
      : { kind: 'invalid', reason: `password_hash is not a ${declared} digest` };
  }
  const format = storedHashFormat(hash);
  if (format) {
    if (declared && !declaredMatches(declared, format)) {
      return { kind: 'invalid', reason: `password_hash is not in the declared hash_format ${declared}` };
    }
    return { kind: 'store', hash, format };
  }
  if (!declared && api === 'userapi') {
    const digest = digestShape(hash);
    if (digest) return { kind: 'wrap', digest: hash, format: digest };
  }
  return { kind: 'invalid', reason: declared ? `password_hash is not a valid ${declared} hash` : 'password_hash is in no known format' };
}

function declaredMatches(declared: DeclaredFormat, format: StoredHashFormat): boolean {
  switch (declared) {
    case 'werkzeug':
      return format === 'werkzeug-pbkdf2' || format === 'werkzeug-scrypt';
    case 'argon2':
      return format === 'argon2' || format === 'argon2id';
    default:
      return declared === format;
  }
}
