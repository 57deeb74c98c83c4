// SignInThrottleRepo: the reservation is one INSERT … ON CONFLICT DO UPDATE … WHERE
// not locked … RETURNING, so concurrent attempts from any number of processes are
// serialised by the row itself (PostgreSQL re-checks the WHERE on the row it waited
// for; SQLite has one writer) and an attempt is either counted or refused, never both.

import { sql, type Kysely } from 'kysely';
import { compileOnce } from './compiled-query.js';
import type { SignInThrottleRepo, ThrottleLock } from '../core/ports.js';
import type { DialectName } from './database.js';
import type { Database } from './schema.js';
import { iso, toDate } from './values.js';

export function createSignInThrottleRepo(db: Kysely<Database>, dialect: DialectName): SignInThrottleRepo {
  // PostgreSQL types a CASE of text parameters as text; the column is timestamptz.
  const timestamp = (value: unknown) => (dialect === 'postgres' ? sql`cast(${value} as timestamptz)` : sql`${value}`);
  // The reservation, compiled once per dialect for a schedule of n locks (every
  // sign-in runs it, and its clear when it succeeds). Its arguments: the key, the
  // first attempt's lock, the time, then each lock's attempt and end, the latest
  // attempt first (the CASE takes the first that holds).
  const reservation = (locks: number) =>
    compileOnce(
      db,
      3 + 2 * locks,
      (key: unknown, firstLock: unknown, now: unknown, ...schedule: unknown[]) => {
        const attempt = sql`sign_in_throttles.failures + 1`;
        const branches = Array.from({ length: locks }, (_, i) => sql`when ${attempt} >= ${schedule[2 * i]} then ${timestamp(schedule[2 * i + 1])}`);
        const lockAfter = locks === 0 ? sql`null` : sql`case ${sql.join(branches, sql` `)} else null end`;
        return db
          .insertInto('sign_in_throttles')
          .values({ key: key as string, failures: 1, locked_until: firstLock as string | null, updated_at: now as string })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({
                failures: sql<number>`${attempt}`,
                locked_until: sql<string | null>`${lockAfter}`,
                updated_at: now as string,
              })
              .where((eb) =>
                eb.or([eb('sign_in_throttles.locked_until', 'is', null), eb('sign_in_throttles.locked_until', '<=', now as string)]),
              ),
          )
          .returning('failures');
      },
      `sign_in_throttles.reserve/${locks}`,
    );
  const clear = compileOnce(db, 1, (key: string) => db.deleteFrom('sign_in_throttles').where('key', '=', key), 'sign_in_throttles.clear');
  // The first attempt on a key locks only if the schedule says so from attempt 1.
  const lockOfFirstAttempt = (locks: ThrottleLock[]) => {
    const until = locks.filter((lock) => lock.fromAttempt <= 1).sort((a, b) => b.fromAttempt - a.fromAttempt)[0]?.until;
    return until ? iso(until) : null;
  };

  return {
    async reserve(key, now, locks) {
      const latestFirst = [...locks].sort((a, b) => b.fromAttempt - a.fromAttempt);
      const schedule = latestFirst.flatMap((lock) => [lock.fromAttempt, iso(lock.until)]);
      const [row] = (await reservation(locks.length)(key, lockOfFirstAttempt(locks), iso(now), ...schedule)).rows;
      if (row) return { allowed: true, attempt: Number(row.failures) };
      const locked = await db
        .selectFrom('sign_in_throttles')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      // The lock was cleared between the two statements (a success): refuse this
      // one attempt for a second rather than let it through uncounted.
      const until = locked?.locked_until ? toDate(locked.locked_until) : new Date(now.getTime() + 1000);
      return { allowed: false, lockedUntil: until };
    },
    async clear(key) {
      await clear(key);
    },
  };
}
