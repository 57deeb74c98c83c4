// Every account, in id order and in pages, with its current hash and its legacy
// ids: what `sesame export` writes. Keyset pages keep memory flat on any size.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { fromFlag, toDate, toDateOrNull } from './values.js';

export interface ExportedAccount {
  id: number;
  email: string;
  emailVerifiedAt: Date | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  birthdate: string | null;
  locale: string;
  address: { street: string | null; city: string | null; zip: string | null; country: string | null };
  social: { facebook: string | null; twitter: string | null };
  darkMode: boolean;
  role: string;
  createdAt: Date;
  deletedAt: Date | null;
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
      yield {
        id: Number(r.id),
        email: r.email,
        emailVerifiedAt: toDateOrNull(r.email_verified_at),
        username: r.username,
        firstName: r.first_name,
        lastName: r.last_name,
        title: r.title,
        phone: r.phone,
        birthdate: r.birthdate,
        locale: r.locale,
        address: { street: r.address_street, city: r.address_city, zip: r.address_zip, country: r.address_country },
        social: { facebook: r.social_facebook, twitter: r.social_twitter },
        darkMode: fromFlag(r.dark_mode),
        role: r.role,
        createdAt: toDate(r.created_at),
        deletedAt: toDateOrNull(r.deleted_at),
        passwordHash: r.password_hash ?? null,
        legacyIds: legacyOf.get(Number(r.id)) ?? {},
      };
    }
    after = ids[ids.length - 1]!;
  }
}
