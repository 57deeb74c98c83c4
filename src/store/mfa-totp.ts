// TOTP enrolments and recovery codes. Every "spend" is one conditional UPDATE, so
// of two concurrent uses of a code exactly one wins.

import type { Kysely, Selectable } from 'kysely';
import type { RecoveryCodeRepo, TotpRecord, TotpRepo } from '../core/mfa/ports.js';
import type { MfaTotpTable } from './mfa-schema.js';
import type { Database } from './schema.js';
import { iso, toDate, toDateOrNull } from './values.js';

function rowToTotp(row: Selectable<MfaTotpTable>): TotpRecord {
  return {
    userId: Number(row.user_id),
    sealedSecret: row.sealed_secret,
    confirmedAt: toDateOrNull(row.confirmed_at),
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    createdAt: toDate(row.created_at),
  };
}

export function createTotpRepo(db: Kysely<Database>): TotpRepo {
  return {
    async find(userId) {
      const row = await db.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row ? rowToTotp(row) : null;
    },
    async savePending(userId, sealedSecret, now) {
      // A pending enrolment is replaced; a confirmed one is left alone.
      const result = await db
        .insertInto('mfa_totp')
        .values({ user_id: userId, sealed_secret: sealedSecret, confirmed_at: null, last_used_step: null, created_at: iso(now) })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet({ sealed_secret: sealedSecret, created_at: iso(now), last_used_step: null })
            .where('mfa_totp.confirmed_at', 'is', null),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async confirm(userId, step, now) {
      const result = await db
        .updateTable('mfa_totp')
        .set({ confirmed_at: iso(now), last_used_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async useStep(userId, step) {
      const result = await db
        .updateTable('mfa_totp')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(userId) {
      const result = await db.deleteFrom('mfa_totp').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export function createRecoveryCodeRepo(db: Kysely<Database>): RecoveryCodeRepo {
  return {
    async replace(userId, codeHashes, now) {
      await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length === 0) return;
      await db
        .insertInto('mfa_recovery_codes')
        .values(codeHashes.map((hash) => ({ user_id: userId, code_hash: hash, created_at: iso(now), used_at: null })))
        .execute();
    },
    async listUnused(userId) {
      const rows = await db
        .selectFrom('mfa_recovery_codes')
        .select(['id', 'code_hash'])
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ id: Number(row.id), codeHash: row.code_hash }));
    },
    async markUsed(id, at) {
      const result = await db
        .updateTable('mfa_recovery_codes')
        .set({ used_at: iso(at) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async countUnused(userId) {
      const row = await db
        .selectFrom('mfa_recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async removeAll(userId) {
      const result = await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
