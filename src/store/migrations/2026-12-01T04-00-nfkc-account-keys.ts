// Emails and usernames are unique after NFKC (not only NFC) and lower-casing, the
// email's domain in its ASCII (IDNA) form: `ａdmin@example.com` and `ａdmin1` are
// `admin@example.com` and `admin1`. Recomputes the two key columns in JS (the
// folding is not SQL), reading the table in batches and writing only the rows whose
// key changes. A row whose new key another account already has (or that two rows
// would share) keeps its old key — never merged, never refused at start; `sesame
// migrate` lists those for the operator. The folding is copied here, not imported,
// so that the migration stays what it was. Frozen once landed.

import type { Kysely } from 'kysely';
import { domainToASCII } from 'node:url';

const BATCH = 5_000;

const foldUsername = (username: string) => username.trim().normalize('NFKC').toLowerCase();

function foldEmail(email: string): string {
  const address = email.trim().normalize('NFKC');
  const at = address.lastIndexOf('@');
  const ascii = at > 0 && /^[\p{L}\p{M}\p{N}.-]+$/u.test(address.slice(at + 1)) ? domainToASCII(address.slice(at + 1)) : '';
  return ascii ? `${address.slice(0, at).toLowerCase()}@${ascii}` : address.toLowerCase();
}

const oldFold = (value: string) => value.trim().normalize('NFC').toLowerCase();

interface Field {
  source: 'email' | 'username';
  column: 'email_normalized' | 'username_normalized';
  fold: (value: string) => string;
}

/** Rows whose key `fold` changes, read by id in batches. */
async function changing(db: Kysely<any>, field: Field): Promise<{ id: number; key: string }[]> {
  const found: { id: number; key: string }[] = [];
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('users')
      .select(['id', field.source, field.column])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return found;
    for (const row of rows) {
      const value = row[field.source] as string | null;
      const key = value === null ? null : field.fold(value);
      if (key !== null && key !== row[field.column]) found.push({ id: Number(row.id), key });
    }
    after = Number(rows[rows.length - 1]!.id);
  }
}

async function rekey(db: Kysely<any>, field: Field): Promise<void> {
  const moves = await changing(db, field);
  const wanted = new Map<string, number>();
  for (const move of moves) wanted.set(move.key, (wanted.get(move.key) ?? 0) + 1);
  const held = new Set<string>();
  const keys = [...wanted.keys()];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('users').select(field.column).where(field.column, 'in', keys.slice(i, i + 500)).execute();
    for (const row of rows) held.add(row[field.column] as string);
  }
  const free = moves.filter((move) => wanted.get(move.key) === 1 && !held.has(move.key));
  for (const move of free) {
    await db.updateTable('users').set({ [field.column]: move.key }).where('id', '=', move.id).execute();
  }
}

export function nfkcAccountKeys() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await rekey(db, { source: 'email', column: 'email_normalized', fold: foldEmail });
      await rekey(db, { source: 'username', column: 'username_normalized', fold: foldUsername });
    },

    async down(db: Kysely<any>): Promise<void> {
      await rekey(db, { source: 'email', column: 'email_normalized', fold: oldFold });
      await rekey(db, { source: 'username', column: 'username_normalized', fold: oldFold });
    },
  };
}
