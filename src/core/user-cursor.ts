// The opaque cursor of the user list: the keyset position (the last id seen),
// versioned and base64url-encoded so clients treat it as a token, not a number.
// Ids only grow, so users inserted while a client pages through the list land
// after its position or before it, never shifting what it has yet to see.

import { invalidField } from './errors.js';

const PREFIX = 'u1:';

export function encodeUserCursor(afterId: number): string {
  return Buffer.from(`${PREFIX}${afterId}`, 'utf8').toString('base64url');
}

/** The id to list after; validation_failed on `cursor` for anything we did not issue. */
export function decodeUserCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^u1:(\d{1,15})$/.exec(text);
  const id = match ? Number(match[1]) : NaN;
  if (!text.startsWith(PREFIX) || !Number.isSafeInteger(id)) throw invalidField('cursor', 'is not a cursor of this list');
  return id;
}
