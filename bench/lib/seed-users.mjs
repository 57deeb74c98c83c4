// Bulk seeding of the admin-list benchmark: a million users in one INSERT … SELECT
// over a generated series, each with the same precomputed argon2id hash, straight
// into the tables Sésame's migrations made. Names come from small lists so that a
// search for a first name matches many rows and a search for a user number few.

import SQLite from 'better-sqlite3';
import pg from 'pg';

const FIRST = ['Camille', 'Louis', 'Emma', 'Gabriel', 'Jade', 'Arthur', 'Léa', 'Hugo', 'Chloé', 'Jules', 'Manon', 'Lucas', 'Inès', 'Adam', 'Sarah', 'Raphaël', 'Lina', 'Noah', 'Zoé', 'Paul'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont'];
const ROLES = "case when n % 1000 = 0 then 'MODERATOR' else 'USER' end";

export const seededEmail = (n) => `user${n}@example${n % 997}.test`;
export const FIRST_NAMES = FIRST;
export const LAST_NAMES = LAST;

function pick(list, expression) {
  return `case ${expression} ${list.map((name, i) => `when ${i} then '${name.replace(/'/g, "''")}'`).join(' ')} end`;
}

/** @returns {Promise<number>} seconds spent */
export async function seedUsers(databaseUrl, count, passwordHash) {
  const started = performance.now();
  const now = new Date().toISOString();
  const first = pick(FIRST, `n % ${FIRST.length}`);
  const last = pick(LAST, `(n / ${FIRST.length}) % ${LAST.length}`);
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new SQLite(databaseUrl.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    // The search index's insert trigger would index the rows one by one: put it
    // aside for the bulk insert, then index every row at once (FTS5 'rebuild').
    const trigger = db.prepare(`select sql from sqlite_master where type = 'trigger' and name = 'users_search_insert'`).get();
    db.transaction(() => {
      if (trigger) db.exec('drop trigger users_search_insert');
      db.prepare(
        `with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ?)
         insert into users (email, email_normalized, email_verified_at, username, username_normalized, first_name,
           last_name, role, locale, dark_mode, created_at, updated_at)
         select 'user' || n || '@example' || (n % 997) || '.test', 'user' || n || '@example' || (n % 997) || '.test',
           ?, 'user' || n, 'user' || n, ${first}, ${last}, ${ROLES}, 'fr', 0, ?, ? from seq`,
      ).run(count, now, now, now);
      db.prepare(`insert into credentials (user_id, password_hash, updated_at) select id, ?, ? from users where username like 'user%'`).run(
        passwordHash,
        now,
      );
      if (trigger) {
        db.exec(`insert into users_search(users_search) values ('rebuild')`);
        db.exec(trigger.sql);
      }
    })();
    db.exec('analyze');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('begin');
    await client.query(
      `insert into users (email, email_normalized, email_verified_at, username, username_normalized, first_name,
         last_name, role, locale, dark_mode, created_at, updated_at)
       select 'user' || n || '@example' || (n % 997) || '.test', 'user' || n || '@example' || (n % 997) || '.test',
         $2, 'user' || n, 'user' || n, ${first}, ${last}, ${ROLES}, 'fr', false, $2, $2
       from generate_series(1, $1::int) as n`,
      [count, now],
    );
    await client.query(
      `insert into credentials (user_id, password_hash, updated_at) select id, $1, $2 from users where username like 'user%'`,
      [passwordHash, now],
    );
    await client.query('commit');
    // As after any bulk load: statistics, and the GIN index's pending list merged
    // (autovacuum would do it a little later).
    await client.query('vacuum analyze users');
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
