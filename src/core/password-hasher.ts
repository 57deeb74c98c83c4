// argon2id through @node-rs/argon2 (prebuilt). Parameters come from config (OWASP:
// m=19 MiB, t=2, p=1); a stored hash with other parameters is re-hashed at the next
// successful sign-in. A missing user is verified against a dummy hash so that the
// failure costs the same time as a wrong password. Hashes imported from the legacy
// systems (bcrypt, Werkzeug, Django, argon2i, wrapped SHA-256) verify through
// legacy-hashes/ and always need a rehash, which turns them into argon2id.

import { hash, verify } from '@node-rs/argon2';
import { verifyLegacyHash } from './legacy-hashes/verify.js';

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;
import type { PasswordHasher } from './ports.js';

export interface Argon2Options {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

async function argon2Verify(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // malformed hash: a failure, never a crash
  }
}

export function createArgon2Hasher(options: Argon2Options): PasswordHasher {
  const params = { algorithm: ARGON2ID, ...options };
  // Computed lazily once, with the same parameters, so dummy verifies cost the same.
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hash('sésame-dummy-password', params));

  return {
    hash: (password) => hash(password, params),
    async verify(stored, password) {
      if (stored === null) {
        await verify(await dummyHash(), password).catch(() => false);
        return false;
      }
      if (!stored.startsWith('$argon2id$')) return verifyLegacyHash(stored, password, argon2Verify);
      return argon2Verify(stored, password);
    },
    needsRehash(stored) {
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
      if (!match) return true;
      return (
        Number(match[1]) !== options.memoryCost ||
        Number(match[2]) !== options.timeCost ||
        Number(match[3]) !== options.parallelism
      );
    },
  };
}
