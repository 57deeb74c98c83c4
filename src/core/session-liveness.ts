// The lifetime rule of every session, written once (Lucia's validateSessionToken):
// not revoked, before its absolute expiry, and seen within its own idle window.
// Validation (sessions.ts) and the store's list of active sessions both ask it.

import type { Session } from './model.js';

export type SessionTimes = Pick<Session, 'revokedAt' | 'expiresAt' | 'lastSeenAt' | 'idleTimeoutSeconds'>;

export function isLive(session: SessionTimes, now: Date): boolean {
  const idleUntil = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  return !session.revokedAt && now < session.expiresAt && now.getTime() < idleUntil;
}
