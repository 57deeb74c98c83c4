// Accounts that the NFKC folding of emails and usernames would make one: rows an
// older version let in as distinct (`admin@…` and `ａdmin@…`) and that the rekeying
// migration left on their old keys rather than merge them. `sesame migrate` lists
// them so that an operator decides (rename, delete); nothing here changes a row.

import type { Kysely } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import { normalizeUsername } from '../core/username.js';
import type { Database } from './schema.js';

export interface LookAlikeGroup {
  field: 'email' | 'username';
  /** The key these accounts would all have. */
  key: string;
  accounts: { id: number; value: string }[];
}

export async function findLookAlikeAccounts(db: Kysely<Database>): Promise<LookAlikeGroup[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'email_normalized', 'username', 'username_normalized'])
    .orderBy('id')
    .execute();
  const groups: LookAlikeGroup[] = [];
  const collect = (field: LookAlikeGroup['field'], keyed: { id: number; value: string; key: string; stored: string }[]) => {
    const byKey = new Map<string, { id: number; value: string; stale: boolean }[]>();
    for (const row of keyed) {
      const list = byKey.get(row.key) ?? [];
      list.push({ id: row.id, value: row.value, stale: row.key !== row.stored });
      byKey.set(row.key, list);
    }
    for (const [key, list] of byKey) {
      // Only a group the folding would merge: two or more rows, one at least still on an old key.
      if (list.length > 1 && list.some((entry) => entry.stale)) {
        groups.push({ field, key, accounts: list.map(({ id, value }) => ({ id, value })) });
      }
    }
  };
  collect(
    'email',
    rows.map((row) => ({ id: Number(row.id), value: row.email, key: normalizeEmail(row.email), stored: row.email_normalized })),
  );
  collect(
    'username',
    rows
      .filter((row) => row.username !== null)
      .map((row) => ({ id: Number(row.id), value: row.username!, key: normalizeUsername(row.username!), stored: row.username_normalized ?? '' })),
  );
  return groups;
}

/**
 * Moves rows still on an old key to the current one where no other account holds
 * it any more (the operator renamed or deleted the look-alike): conditional on the
 * old key, so it is safe to run while the service serves. Returns how many moved.
 */
export async function rekeyResolvedAccounts(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'email_normalized', 'username', 'username_normalized']).execute();
  const emailHolders = countBy(rows.map((row) => normalizeEmail(row.email)));
  const usernameHolders = countBy(rows.flatMap((row) => (row.username ? [normalizeUsername(row.username)] : [])));
  let moved = 0;
  for (const row of rows) {
    const email = normalizeEmail(row.email);
    if (email !== row.email_normalized && emailHolders.get(email) === 1) {
      const result = await db
        .updateTable('users')
        .set({ email_normalized: email })
        .where('id', '=', row.id)
        .where('email_normalized', '=', row.email_normalized)
        .executeTakeFirst();
      moved += Number(result.numUpdatedRows);
    }
    const username = row.username ? normalizeUsername(row.username) : null;
    if (username !== null && username !== row.username_normalized && usernameHolders.get(username) === 1) {
      const result = await db
        .updateTable('users')
        .set({ username_normalized: username })
        .where('id', '=', row.id)
        .where('username_normalized', '=', row.username_normalized)
        .executeTakeFirst();
      moved += Number(result.numUpdatedRows);
    }
  }
  return moved;
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

export function describeLookAlikes(groups: LookAlikeGroup[]): string {
  const lines = groups.map(
    (group) =>
      `  ${group.field} "${group.key}": ` + group.accounts.map((account) => `id ${account.id} (${JSON.stringify(account.value)})`).join(', '),
  );
  return (
    `${groups.length} group(s) of accounts are the same after NFKC and lower-casing, kept apart and not merged:\n` +
    `${lines.join('\n')}\n` +
    'Rename or delete all but one account of each group (the ones on an old key cannot sign in by that email or username); then run `sesame migrate` again.'
  );
}
