// Accounts that the NFKC folding of emails and usernames makes one: rows an older
// version let in as distinct (`admin@…` and `ａdmin@…`) and that the rekeying
// migration left on their old keys rather than merge them. `sesame migrate` lists
// them so that an operator decides (rename, delete), and moves a row to its key once
// its look-alike is gone. The table is read in batches; only rows whose stored key
// is not their current key are kept in memory.

import type { Kysely } from 'kysely';
import { normalizeEmail } from '../core/email.js';
import { normalizeUsername } from '../core/username.js';
import type { Database } from './schema.js';
import { uniqueViolationToCoreError } from './unique-violation.js';

const BATCH = 5_000;

export interface LookAlikeGroup {
  field: 'email' | 'username';
  /** The key these accounts would all have. */
  key: string;
  accounts: { id: number; value: string }[];
}

interface Field {
  name: LookAlikeGroup['field'];
  column: 'email_normalized' | 'username_normalized';
  fold: (value: string) => string;
}

const FIELDS: Field[] = [
  { name: 'email', column: 'email_normalized', fold: normalizeEmail },
  { name: 'username', column: 'username_normalized', fold: normalizeUsername },
];

interface Stale {
  id: number;
  value: string;
  stored: string | null;
  key: string;
}

async function staleRows(db: Kysely<Database>, field: Field): Promise<Stale[]> {
  const found: Stale[] = [];
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('users')
      .select(['id', field.name, field.column])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return found;
    for (const row of rows) {
      const value = row[field.name];
      const key = value === null ? null : field.fold(value);
      if (value !== null && key !== null && key !== row[field.column]) found.push({ id: Number(row.id), value, stored: row[field.column], key });
    }
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** The rows already holding one of `keys`, by key. */
async function holders(db: Kysely<Database>, field: Field, keys: string[]): Promise<Map<string, { id: number; value: string }[]>> {
  const byKey = new Map<string, { id: number; value: string }[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['id', field.name, field.column])
      .where(field.column, 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const key = row[field.column]!;
      byKey.set(key, [...(byKey.get(key) ?? []), { id: Number(row.id), value: row[field.name] ?? '' }]);
    }
  }
  return byKey;
}

/** Per field: the stale rows grouped by the key they should have, with the rows holding it. */
async function scan(db: Kysely<Database>, field: Field) {
  const stale = await staleRows(db, field);
  const byKey = new Map<string, Stale[]>();
  for (const row of stale) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const held = await holders(db, field, [...byKey.keys()]);
  return [...byKey].map(([key, rows]) => ({ key, rows, holders: held.get(key) ?? [] }));
}

export async function findLookAlikeAccounts(db: Kysely<Database>): Promise<LookAlikeGroup[]> {
  const groups: LookAlikeGroup[] = [];
  for (const field of FIELDS) {
    for (const { key, rows, holders } of await scan(db, field)) {
      const accounts = [...holders, ...rows.map(({ id, value }) => ({ id, value }))].sort((a, b) => a.id - b.id);
      if (accounts.length > 1) groups.push({ field: field.name, key, accounts });
    }
  }
  return groups;
}

/**
 * Moves a row still on an old key to the current one when no other account holds
 * or wants it any more (the operator renamed or deleted the look-alike); conditional
 * on the old key, so it is safe while the service serves. Returns how many moved.
 */
export async function rekeyResolvedAccounts(db: Kysely<Database>): Promise<number> {
  let moved = 0;
  for (const field of FIELDS) {
    for (const { key, rows, holders } of await scan(db, field)) {
      const [row] = rows;
      if (rows.length !== 1 || holders.length > 0 || !row || row.stored === null) continue;
      try {
        const result = await db
          .updateTable('users')
          .set({ [field.column]: key })
          .where('id', '=', row.id)
          .where(field.column, '=', row.stored)
          .executeTakeFirst();
        moved += Number(result.numUpdatedRows);
      } catch (error) {
        // An account made with that key meanwhile: the next report lists the pair.
        if (!uniqueViolationToCoreError(error)) throw error;
      }
    }
  }
  return moved;
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
