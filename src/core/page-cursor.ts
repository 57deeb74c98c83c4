// Opaque keyset cursors of the newest-first lists (audit trail, mail outbox): the
// last id seen, tagged with its list and versioned, base64url-encoded so clients
// treat it as a token. A cursor of one list is refused by another.

import { invalidField } from './errors.js';

export type CursorList = 'audit' | 'outbox';

const TAGS: Record<CursorList, string> = { audit: 'a1', outbox: 'm1' };

export function encodePageCursor(list: CursorList, beforeId: number): string {
  return Buffer.from(`${TAGS[list]}:${beforeId}`, 'utf8').toString('base64url');
}

/** The id to list before; validation_failed on `cursor` for anything this list did not issue. */
export function decodePageCursor(list: CursorList, cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^([a-z]\d):(\d{1,15})$/.exec(text);
  const id = match && match[1] === TAGS[list] ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(id)) throw invalidField('cursor', 'is not a cursor of this list');
  return id;
}

/** Asks for one row more than the page: its presence says whether another page follows. */
export function pageOf<T extends { id: number }>(
  list: CursorList,
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodePageCursor(list, items.at(-1)!.id) : null };
}

export function assertPageLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidField('limit', `must be from 1 to ${max}`);
  }
}
