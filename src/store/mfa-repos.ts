// The two-step sign-in repositories over one Kysely instance (or transaction).

import type { Kysely } from 'kysely';
import type { MfaRepos } from '../core/mfa/ports.js';
import { readMfaSummary } from './mfa-summary.js';
import { createMfaTokenRepo } from './mfa-tokens.js';
import { createRecoveryCodeRepo, createTotpRepo } from './mfa-totp.js';
import { createPasskeyChallengeRepo, createPasskeyRepo } from './passkeys.js';
import type { Database } from './schema.js';

export function createMfaRepos(db: Kysely<Database>): MfaRepos {
  return {
    summary: (userId) => readMfaSummary(db, userId),
    totp: createTotpRepo(db),
    recoveryCodes: createRecoveryCodeRepo(db),
    tokens: createMfaTokenRepo(db),
    passkeys: createPasskeyRepo(db),
    passkeyChallenges: createPasskeyChallengeRepo(db),
  };
}
