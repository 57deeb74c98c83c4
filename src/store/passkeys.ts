// Passkeys (WebAuthn credentials) and the challenges of their ceremonies; a
// challenge is stored as its SHA-256 and spent by one conditional UPDATE.

import type { Kysely, Selectable } from 'kysely';
import type {
  PasskeyChallengePurpose,
  PasskeyChallengeRecord,
  PasskeyChallengeRepo,
  PasskeyRecord,
  PasskeyRepo,
} from '../core/mfa/ports.js';
import type { PasskeyChallengesTable, PasskeysTable } from './mfa-schema.js';
import type { Database } from './schema.js';
import { iso, isoOrNull, toDate, toDateOrNull } from './values.js';

function rowToPasskey(row: Selectable<PasskeysTable>): PasskeyRecord {
  return {
    id: row.id,
    userId: Number(row.user_id),
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    name: row.name,
    createdAt: toDate(row.created_at),
    lastUsedAt: toDateOrNull(row.last_used_at),
  };
}

function rowToChallenge(row: Selectable<PasskeyChallengesTable>): PasskeyChallengeRecord {
  return {
    id: row.id,
    challengeHash: row.challenge_hash,
    purpose: row.purpose as PasskeyChallengePurpose,
    userId: row.user_id === null ? null : Number(row.user_id),
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    usedAt: toDateOrNull(row.used_at),
  };
}

export function createPasskeyRepo(db: Kysely<Database>): PasskeyRepo {
  return {
    async insert(record) {
      await db
        .insertInto('passkeys')
        .values({
          id: record.id,
          user_id: record.userId,
          credential_id: record.credentialId,
          public_key: record.publicKey,
          counter: record.counter,
          transports: JSON.stringify(record.transports),
          name: record.name,
          created_at: iso(record.createdAt),
          last_used_at: isoOrNull(record.lastUsedAt),
        })
        .execute();
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(rowToPasskey);
    },
    async findByCredentialId(credentialId) {
      const row = await db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row ? rowToPasskey(row) : null;
    },
    async rename(userId, id, name) {
      const result = await db.updateTable('passkeys').set({ name }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return null;
      const row = await db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return rowToPasskey(row);
    },
    async remove(userId, id) {
      const result = await db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async removeAll(userId) {
      const result = await db.deleteFrom('passkeys').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async recordUse(id, from, to, at) {
      const result = await db
        .updateTable('passkeys')
        .set({ counter: to, last_used_at: iso(at) })
        .where('id', '=', id)
        .where('counter', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export function createPasskeyChallengeRepo(db: Kysely<Database>): PasskeyChallengeRepo {
  return {
    async insert(record) {
      await db
        .insertInto('passkey_challenges')
        .values({
          id: record.id,
          challenge_hash: record.challengeHash,
          purpose: record.purpose,
          user_id: record.userId,
          created_at: iso(record.createdAt),
          expires_at: iso(record.expiresAt),
          used_at: isoOrNull(record.usedAt),
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('passkey_challenges').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToChallenge(row) : null;
    },
    async deleteExpired(before) {
      await db.deleteFrom('passkey_challenges').where('expires_at', '<', iso(before)).execute();
    },
    async findByHash(challengeHash) {
      const row = await db.selectFrom('passkey_challenges').selectAll().where('challenge_hash', '=', challengeHash).executeTakeFirst();
      return row ? rowToChallenge(row) : null;
    },
    async markUsed(id, at) {
      const result = await db
        .updateTable('passkey_challenges')
        .set({ used_at: iso(at) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
