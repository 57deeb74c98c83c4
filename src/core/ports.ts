// The interfaces the core needs from the outside world (Kratos' "persister" idea).
// src/store implements the repositories; tests and the CLI use the same ports.

import type {
  AuditEvent,
  Locale,
  PrivilegedPatch,
  ProfilePatch,
  RefreshTokenRecord,
  Role,
  Session,
  SigningKey,
  User,
} from './model.js';
import type { OutboxRepo } from './mail.js';
import type { MfaRepos } from './mfa/ports.js';
import type { WebhookRepo } from './webhooks.js';

/** A new account with any profile fields, written in one insert. */
export interface NewUser extends Omit<ProfilePatch, 'locale'> {
  email: string;
  role: Role;
  locale: Locale;
  emailVerifiedAt?: Date | null;
}

export interface UserListQuery {
  role?: Role;
  /** Only accounts of these roles (the ones the reader may read). */
  roles?: Role[];
  /** Matches email, first and last name, username (case-insensitive substring). */
  q?: string;
  email?: string;
  includeDeleted: boolean;
  limit: number;
  /** Keyset position: list users with id greater than this. */
  afterId?: number;
}

export interface UserRepo {
  insert(user: NewUser, now: Date): Promise<User>;
  findById(id: number): Promise<User | null>;
  /** Looks an email up by its normalised form. */
  findByEmail(email: string): Promise<User | null>;
  findByUsername(username: string): Promise<User | null>;
  update(id: number, patch: PrivilegedPatch & { emailVerifiedAt?: Date | null }, now: Date): Promise<User>;
  setDeleted(id: number, deletedAt: Date | null, now: Date): Promise<void>;
  /** Outside a transaction, for reports and tests; decisions use lockActiveAdmins. */
  countActiveAdmins(): Promise<number>;
  /** In a transaction: counts active admins, locking their rows until it ends (PostgreSQL). */
  lockActiveAdmins(): Promise<number>;
  list(query: UserListQuery): Promise<User[]>;
  /**
   * How many users the filters of `query` match: exact up to `cap`, else an
   * estimate (`exact: false`); bounded work whatever the table's size.
   */
  /**
   * `seen`: matches already found from the first id on (a full first page), through
   * `throughId`; when they say the count is far past the cap, no more is read.
   */
  count(
    query: Omit<UserListQuery, 'limit' | 'afterId'>,
    options: { cap: number; probe?: number; seen?: { matches: number; throughId: number } },
  ): Promise<UserCountResult>;
}

export interface UserCountResult {
  total: number;
  exact: boolean;
}

export interface CredentialRepo {
  getPasswordHash(userId: number): Promise<string | null>;
  setPasswordHash(userId: number, hash: string, now: Date): Promise<void>;
}

export interface NewSession {
  id: string;
  userId: number;
  api: string;
  secretHash: string | null;
  createdAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  remember: boolean;
  userAgent: string | null;
  ip: string | null;
  client?: string | null;
}

export interface SessionRepo {
  insert(session: NewSession): Promise<Session>;
  findById(id: string): Promise<(Session & { secretHash: string | null }) | null>;
  /** The session and its user in one read: the check in front of every authenticated request. */
  findWithUser(id: string): Promise<{ session: Session & { secretHash: string | null }; user: User } | null>;
  touch(id: string, lastSeenAt: Date): Promise<void>;
  revoke(id: string, at: Date): Promise<void>;
  /** Revokes every live session of a user but `exceptId`; returns how many. */
  revokeAllForUser(userId: number, at: Date, exceptId?: string): Promise<number>;
  listActiveForUser(userId: number, now: Date): Promise<Session[]>;
}

export interface RefreshTokenRepo {
  insert(record: RefreshTokenRecord): Promise<void>;
  findById(id: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token used if and only if nobody did before; false means a replay. */
  markUsed(id: string, at: Date): Promise<boolean>;
}

export type OneTimeTokenPurpose = 'verify_email' | 'reset_password' | 'change_email' | 'invitation';

export interface OneTimeTokenRecord {
  id: string;
  userId: number;
  purpose: OneTimeTokenPurpose;
  secretHash: string;
  /** Extra data, e.g. the new email of an email change. */
  payload: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface OneTimeTokenRepo {
  insert(record: OneTimeTokenRecord): Promise<void>;
  findById(id: string): Promise<OneTimeTokenRecord | null>;
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Spends every unused token of these purposes of a user (a reset kills the other reset links). */
  markAllUsedForUser(userId: number, purposes: OneTimeTokenPurpose[], at: Date): Promise<void>;
}

export interface SigningKeyRepo {
  list(): Promise<SigningKey[]>;
  insert(key: SigningKey): Promise<void>;
  retire(kid: string, at: Date): Promise<void>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

export interface AuditRepo {
  record(event: NewAuditEvent): Promise<void>;
  listForUser(userId: number, limit: number): Promise<AuditEvent[]>;
  /** Newest first; events by or about `userId`, of `action`, older than `beforeId` (keyset). */
  list(query: AuditListQuery): Promise<AuditEvent[]>;
}

export interface AuditListQuery {
  userId?: number;
  action?: string;
  beforeId?: number;
  limit: number;
}

/** A lock that starts when the attempt numbered `fromAttempt` (or a later one) begins. */
export interface ThrottleLock {
  fromAttempt: number;
  until: Date;
}

export type ThrottleReservation = { allowed: true; attempt: number } | { allowed: false; lockedUntil: Date };

export interface SignInThrottleRepo {
  /**
   * Counts one more attempt on `key` in one atomic statement, unless the key is
   * locked at `now`; the attempt that reaches a lock sets it at once, so parallel
   * attempts (any process, same database) cannot slip past the threshold.
   */
  reserve(key: string, now: Date, locks: ThrottleLock[]): Promise<ThrottleReservation>;
  /** Forgets the key (a successful sign-in). */
  clear(key: string): Promise<void>;
}

/** The id a legacy API shows for an account imported from it (issue 17). */
export interface LegacyIdRepo {
  legacyIdOf(api: string, userId: number): Promise<number | null>;
  legacyIdsOf(api: string, userIds: number[]): Promise<Map<number, number>>;
  userIdOf(api: string, legacyId: number): Promise<number | null>;
}

/** A budget of `limit` uses per `windowSeconds`, counted per key in the database. */
export interface RateBudget {
  limit: number;
  windowSeconds: number;
}

export type BudgetAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateBudgetRepo {
  /**
   * Spends one use of `key` (e.g. `sign_in|203.0.113.7`) and says whether it was
   * within the budget. Counted in the database, so every route, port and process
   * on it shares the budget; in a transaction, the count commits with it.
   */
  spend(key: string, budget: RateBudget): Promise<BudgetAnswer>;
}

export interface Repos {
  users: UserRepo;
  credentials: CredentialRepo;
  sessions: SessionRepo;
  refreshTokens: RefreshTokenRepo;
  oneTimeTokens: OneTimeTokenRepo;
  signingKeys: SigningKeyRepo;
  audit: AuditRepo;
  signInThrottles: SignInThrottleRepo;
  outbox: OutboxRepo;
  mfa: MfaRepos;
  legacyIds: LegacyIdRepo;
  rateBudgets: RateBudgetRepo;
  webhooks: WebhookRepo;
  /**
   * Runs `callback` once the transaction these repositories belong to has
   * committed (never after a rollback); outside a transaction, at once. Wakes the
   * mail worker after a queued mail, so no caller has to remember it.
   */
  afterCommit(callback: () => void): void;
}

/**
 * Tells when anything a session check may hold in memory (sessions, users, their
 * two-step state) may have changed in the database. `version()` returns a number
 * that differs from every earlier one once such a change has committed: at once
 * for a change made by this process, within milliseconds for one made by another
 * process on the same database. A feed that cannot tell returns a new number on
 * every call, and nothing is held.
 */
export interface ChangeFeed {
  version(): number;
}

export interface Store extends Repos {
  /** When held session state must be read again (see ChangeFeed). */
  changes: ChangeFeed;
  /** Runs `work` in one database transaction with repositories bound to it. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  /** Migrations the code knows that the database has not applied (readiness). */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies; when `hash` is null, verifies against a dummy so a missing user costs the same. */
  verify(hash: string | null, password: string): Promise<boolean>;
  needsRehash(hash: string): boolean;
}

/**
 * Encrypts secrets kept in the database (signing keys, TOTP secrets) with the
 * service's secrets key, so a database dump alone reveals none of them. `context`
 * names the row the secret belongs to and is authenticated with it: a sealed value
 * copied into another row does not open there.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: string): string;
  isSealed(value: string): boolean;
}
