// Every account, in id order and in pages, with its current hash and its legacy
// ids: what `sesame export` writes. Keyset pages keep memory flat on any size.

import type { Kysely } from 'kysely';
import type { User } from '../core/model.js';
import type { Database } from './schema.js';
import { rowToUser } from './users.js';

/** The account as every API sees it (one mapping: users.ts), with what only an export adds. */
export interface ExportedAccount extends User {
  passwordHash: string | null;
  legacyIds: Record<string, number>;
}

export async function* exportAccounts(db: Kysely<Database>, pageSize = 1000): AsyncIterable<ExportedAccount> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('users')
      .leftJoin('credentials', 'credentials.user_id', 'users.id')
      .selectAll('users')
      .select('credentials.password_hash')
      .where('users.id', '>', after)
      .orderBy('users.id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => Number(r.id));
    const legacy = await db.selectFrom('legacy_ids').selectAll().where('user_id', 'in', ids).execute();
    const legacyOf = new Map<number, Record<string, number>>();
    for (const l of legacy) {
      const map = legacyOf.get(Number(l.user_id)) ?? {};
      map[l.api] = Number(l.legacy_id);
      legacyOf.set(Number(l.user_id), map);
    }
    for (const r of rows) {
      yield { ...rowToUser(r), passwordHash: r.password_hash ?? null, legacyIds: legacyOf.get(Number(r.id)) ?? {} };
    }
    after = ids[ids.length - 1]!;
  }
}
