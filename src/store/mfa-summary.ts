// Where a user stands with two-step sign-in, in one statement (GET /v1/me asks on
// every call): TOTP confirmed, passkeys, unused recovery codes.

import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { MfaSummary } from '../core/mfa/ports.js';
import { compileOnce, readOnce } from './compiled-query.js';
import type { Database } from './schema.js';

/** `reader` as for sessions.findWithUser: SQLite's read-only connection, outside transactions. */
export function mfaSummaryReader(db: Kysely<Database>, reader?: SQLite.Database): (userId: number) => Promise<MfaSummary> {
  const query = (userId: number) =>
    db.selectNoFrom((eb) => [
      eb
        .selectFrom('mfa_totp')
        .select((inner) => inner.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .as('totp'),
      eb
        .selectFrom('passkeys')
        .select((inner) => inner.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .as('passkeys'),
      eb
        .selectFrom('mfa_recovery_codes')
        .select((inner) => inner.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .as('codes'),
    ]);
  const run = reader ? readOnce(reader, 1, query) : compileOnce(db, 1, query, 'mfa.summary');
  return async (userId) => {
    const row = (await run(userId)).rows[0]!;
    return { totpOn: Number(row.totp) > 0, passkeys: Number(row.passkeys), recoveryCodesLeft: Number(row.codes) };
  };
}
