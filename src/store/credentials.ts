// CredentialRepo: one password hash per user, replaced in place.

import type { Kysely } from 'kysely';
import type { CredentialRepo } from '../core/ports.js';
import type { Database } from './schema.js';
import { iso } from './values.js';

export function createCredentialRepo(db: Kysely<Database>): CredentialRepo {
  return {
    async getPasswordHash(userId) {
      const row = await db
        .selectFrom('credentials')
        .select('password_hash')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.password_hash ?? null;
    },
    async setPasswordHash(userId, hash, now) {
      await db
        .insertInto('credentials')
        .values({ user_id: userId, password_hash: hash, updated_at: iso(now) })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: hash, updated_at: iso(now) }))
        .execute();
    },
  };
}
