// Row types of the two-step sign-in tables (migration 2026-12-01T06-00-create-mfa).
// bigint columns come back as strings from PostgreSQL: the mappers take both.

import type { Generated } from 'kysely';
import type { Flag, NullableTimestamp, Timestamp } from './schema.js';

type BigInt = number | string;

export interface MfaTotpTable {
  user_id: number;
  sealed_secret: string;
  confirmed_at: NullableTimestamp;
  last_used_step: BigInt | null;
  created_at: Timestamp;
}

export interface MfaRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface MfaTokensTable {
  id: string;
  secret_hash: string;
  user_id: number;
  api: string;
  remember: Flag;
  attempts: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface PasskeysTable {
  id: string;
  user_id: number;
  credential_id: string;
  public_key: string;
  counter: BigInt;
  /** JSON array. */
  transports: string;
  name: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

export interface PasskeyChallengesTable {
  id: string;
  challenge_hash: string;
  purpose: string;
  user_id: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface MfaTables {
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_tokens: MfaTokensTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
}
