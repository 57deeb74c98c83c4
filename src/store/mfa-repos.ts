// The two-step sign-in repositories over one Kysely instance (or transaction).

import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { MfaRepos } from '../core/mfa/ports.js';
import { mfaSummaryReader } from './mfa-summary.js';
import { createMfaTokenRepo } from './mfa-tokens.js';
import { createRecoveryCodeRepo, createTotpRepo } from './mfa-totp.js';
import { createPasskeyChallengeRepo, createPasskeyRepo } from './passkeys.js';
import type { Database } from './schema.js';

/** `reader`: SQLite's read-only connection for the summary, outside transactions. */
export function createMfaRepos(db: Kysely<Database>, reader?: SQLite.Database): MfaRepos {
  return {
    summary: mfaSummaryReader(db, reader),
    totp: createTotpRepo(db),
    recoveryCodes: createRecoveryCodeRepo(db),
    tokens: createMfaTokenRepo(db),
    passkeys: createPasskeyRepo(db),
    passkeyChallenges: createPasskeyChallengeRepo(db),
  };
}
