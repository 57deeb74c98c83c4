// The per-account sign-in throttle, shared by every API because it lives in the
// core and is counted in the database: after THRESHOLD consecutive failures on one
// account, attempts are refused (even with the right password) for a window that
// grows from 1 to 15 minutes; a success resets the count. It cannot be switched off.
//
// Each attempt is counted *before* the password is checked (a reservation), and
// the attempt that reaches the threshold sets the lock in the same statement, so
// parallel guesses from several processes cannot exceed the threshold. The key is
// a hash of the normalised email: an unknown address is throttled exactly like a
// real account (no enumeration through the throttle) and no address is stored.

import type { CoreDeps } from './deps.js';
import { normalizeEmail } from './email.js';
import { CoreError } from './errors.js';
import { sha256 } from './opaque-tokens.js';
import type { ThrottleLock } from './ports.js';

export const SIGN_IN_FAILURE_THRESHOLD = 10;
/** Lock windows, in minutes, for the 10th, 11th, … failure; the last one repeats. */
export const SIGN_IN_LOCK_MINUTES = [1, 2, 4, 8, 15] as const;

export class SignInThrottle {
  constructor(private readonly deps: CoreDeps) {}

  /**
   * Counts an attempt on this email or throws too_many_attempts with retryAfterSeconds;
   * returns the attempt's number (from THRESHOLD on, its failure locks the account).
   */
  async begin(emailInput: string): Promise<number> {
    const now = this.deps.clock.now();
    const reservation = await this.deps.store.signInThrottles.reserve(throttleKey(emailInput), now, lockSchedule(now));
    if (!reservation.allowed) {
      const seconds = Math.max(1, Math.ceil((reservation.lockedUntil.getTime() - now.getTime()) / 1000));
      throw new CoreError('too_many_attempts', { retryAfterSeconds: seconds });
    }
    return reservation.attempt;
  }

  /** A successful sign-in: the count starts again from zero. */
  async succeeded(emailInput: string): Promise<void> {
    await this.deps.store.signInThrottles.clear(throttleKey(emailInput));
  }
}

export function throttleKey(emailInput: string): string {
  return `email:${sha256(normalizeEmail(emailInput))}`;
}

/** Attempt 10 locks for 1 minute, 11 for 2, 12 for 4, 13 for 8, 14 and later for 15. */
export function lockSchedule(now: Date): ThrottleLock[] {
  return SIGN_IN_LOCK_MINUTES.map((minutes, index) => ({
    fromAttempt: SIGN_IN_FAILURE_THRESHOLD + index,
    until: new Date(now.getTime() + minutes * 60_000),
  }));
}
