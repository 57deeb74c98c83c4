// The persistence two-step sign-in needs, declared beside the feature (Kratos'
// way); src/store/mfa-*.ts implement it. Secrets and codes are never stored in
// clear: TOTP secrets sealed (SecretBox), codes, tokens and challenges as SHA-256.

export interface TotpRecord {
  userId: number;
  /** Sealed with deps.secrets, context `totp:<userId>`. */
  sealedSecret: string;
  /** Null while the enrolment waits for its first code. */
  confirmedAt: Date | null;
  /** The last time step a code was accepted for: a code is good once. */
  lastUsedStep: number | null;
  createdAt: Date;
}

export interface TotpRepo {
  find(userId: number): Promise<TotpRecord | null>;
  /** Starts (or restarts) an enrolment; false when TOTP is already confirmed. */
  savePending(userId: number, sealedSecret: string, now: Date): Promise<boolean>;
  /** Turns a pending enrolment on, spending `step`; false when it was not pending. */
  confirm(userId: number, step: number, now: Date): Promise<boolean>;
  /** Records `step` as used if no later or equal step was: two uses of one code, one wins. */
  useStep(userId: number, step: number): Promise<boolean>;
  remove(userId: number): Promise<boolean>;
}

export interface RecoveryCodeRecord {
  id: number;
  codeHash: string;
}

export interface RecoveryCodeRepo {
  /** Replaces every code of the user by these. */
  replace(userId: number, codeHashes: string[], now: Date): Promise<void>;
  listUnused(userId: number): Promise<RecoveryCodeRecord[]>;
  /** Spends one code if it is still unused; false when someone else did. */
  markUsed(id: number, at: Date): Promise<boolean>;
  countUnused(userId: number): Promise<number>;
  removeAll(userId: number): Promise<number>;
}

export interface MfaTokenRecord {
  id: string;
  secretHash: string;
  userId: number;
  /** The API that asked for the second step: the token works there only. */
  api: string;
  remember: boolean;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface MfaTokenRepo {
  insert(record: MfaTokenRecord): Promise<void>;
  findById(id: string): Promise<MfaTokenRecord | null>;
  /** Counts an attempt if the token is unused, unexpired and under `maxAttempts`. */
  reserveAttempt(id: string, now: Date, maxAttempts: number): Promise<boolean>;
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Forgets tokens that expired before `before`. */
  deleteExpired(before: Date): Promise<void>;
}

export interface PasskeyRecord {
  id: string;
  userId: number;
  /** The WebAuthn credential id, base64url. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface PasskeyRepo {
  insert(record: PasskeyRecord): Promise<void>;
  listForUser(userId: number): Promise<PasskeyRecord[]>;
  findByCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  rename(userId: number, id: string, name: string): Promise<PasskeyRecord | null>;
  remove(userId: number, id: string): Promise<boolean>;
  removeAll(userId: number): Promise<number>;
  /** Moves the signature counter if it still is `from` (compare-and-set). */
  recordUse(id: string, from: number, to: number, at: Date): Promise<boolean>;
}

export type PasskeyChallengePurpose = 'registration' | 'authentication';

export interface PasskeyChallengeRecord {
  id: string;
  challengeHash: string;
  purpose: PasskeyChallengePurpose;
  /** Registration: the signed-in user; authentication: the user named by email, or null (discoverable). */
  userId: number | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface PasskeyChallengeRepo {
  insert(record: PasskeyChallengeRecord): Promise<void>;
  findById(id: string): Promise<PasskeyChallengeRecord | null>;
  findByHash(challengeHash: string): Promise<PasskeyChallengeRecord | null>;
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Forgets challenges that expired before `before`. */
  deleteExpired(before: Date): Promise<void>;
}

export interface MfaSummary {
  totpOn: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export interface MfaRepos {
  /** The three facts GET /v1/me shows, in one round trip. */
  summary(userId: number): Promise<MfaSummary>;
  totp: TotpRepo;
  recoveryCodes: RecoveryCodeRepo;
  tokens: MfaTokenRepo;
  passkeys: PasskeyRepo;
  passkeyChallenges: PasskeyChallengeRepo;
}
