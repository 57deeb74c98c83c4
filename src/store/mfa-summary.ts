// Where a user stands with two-step sign-in, in one statement (GET /v1/me asks on
// every call): TOTP confirmed, passkeys, unused recovery codes.

import type { Kysely } from 'kysely';
import type { MfaSummary } from '../core/mfa/ports.js';
import type { Database } from './schema.js';

export async function readMfaSummary(db: Kysely<Database>, userId: number): Promise<MfaSummary> {
  const row = await db
    .selectNoFrom((eb) => [
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
    ])
    .executeTakeFirstOrThrow();
  return { totpOn: Number(row.totp) > 0, passkeys: Number(row.passkeys), recoveryCodesLeft: Number(row.codes) };
}
