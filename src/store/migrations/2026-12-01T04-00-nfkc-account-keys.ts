// Emails and usernames are unique after NFKC (not only NFC) and lower-casing, the
// email's domain in its ASCII (IDNA) form: `ａdmin@example.com` and `ａdmin1` are
// `admin@example.com` and `admin1`. Recomputes the two key columns in JS (the
// folding is not SQL). Rows whose new key two accounts would share keep their old
// keys — never merged, never refused at start; `sesame migrate` lists them for the
// operator. The folding is copied here, not imported, so the migration stays frozen.
// Frozen once landed.

import type { Kysely } from 'kysely';
import { domainToASCII } from 'node:url';

interface Row {
  id: number | string;
  email: string;
  email_normalized: string;
  username: string | null;
  username_normalized: string | null;
}

const foldUsername = (username: string) => username.trim().normalize('NFKC').toLowerCase();

function foldEmail(email: string): string {
  const address = email.trim().normalize('NFKC');
  const at = address.lastIndexOf('@');
  const ascii = at > 0 && /^[\p{L}\p{M}\p{N}.-]+$/u.test(address.slice(at + 1)) ? domainToASCII(address.slice(at + 1)) : '';
  return ascii ? `${address.slice(0, at).toLowerCase()}@${ascii}` : address.toLowerCase();
}

const oldFold = (value: string) => value.trim().normalize('NFC').toLowerCase();

type Column = 'email_normalized' | 'username_normalized';

/** Moves every row of `next` to its new key, except those whose new key two rows share. */
async function rekey(db: Kysely<any>, rows: Row[], column: Column, next: (row: Row) => string | null): Promise<void> {
  const holders = new Map<string, number>();
  for (const row of rows) {
    const key = next(row);
    if (key !== null) holders.set(key, (holders.get(key) ?? 0) + 1);
  }
  const moving = rows.filter((row) => {
    const key = next(row);
    return key !== null && key !== row[column] && holders.get(key) === 1;
  });
  // Through a placeholder no real key can equal, so that no two moves meet half-way.
  for (const row of moving) {
    await db.updateTable('users').set({ [column]: `\u0001${row.id}` }).where('id', '=', row.id).execute();
  }
  for (const row of moving) {
    await db.updateTable('users').set({ [column]: next(row) }).where('id', '=', row.id).execute();
  }
}

async function allUsers(db: Kysely<any>): Promise<Row[]> {
  return (await db
    .selectFrom('users')
    .select(['id', 'email', 'email_normalized', 'username', 'username_normalized'])
    .orderBy('id')
    .execute()) as Row[];
}

export function nfkcAccountKeys() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const rows = await allUsers(db);
      await rekey(db, rows, 'email_normalized', (row) => foldEmail(row.email));
      await rekey(db, rows, 'username_normalized', (row) => (row.username ? foldUsername(row.username) : null));
    },

    async down(db: Kysely<any>): Promise<void> {
      const rows = await allUsers(db);
      await rekey(db, rows, 'email_normalized', (row) => oldFold(row.email));
      await rekey(db, rows, 'username_normalized', (row) => (row.username ? oldFold(row.username) : null));
    },
  };
}
