// Named statements on PostgreSQL: a data statement is prepared once per connection
// and reused; DDL and texts past the bound go unnamed, and answers are unchanged;
// a statement whose result a migration changed keeps answering.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { nameStatements } from '../../src/store/pg-named-statements.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

const postgres = dialects.find((dialect) => dialect.name === 'postgres')!;

describe('named statements on postgres', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  before(async () => {
    database = await postgres.create();
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
    // pool.end() resolves before its sockets close; the database's drop then ends
    // them, an 'error' on the pool (as in src/store/database.ts).
    pool.on('error', () => {});
    nameStatements(pool, 2);
  });
  after(async () => {
    await pool.end();
    await database.drop();
  });

  const prepared = async (client: pg.PoolClient) =>
    (await client.query<{ statement: string }>('select statement from pg_prepared_statements order by prepare_time', []))
      .rows.map((row) => row.statement);

  test('the same text is prepared once and answers each call with its own values', async () => {
    const client = await pool.connect();
    try {
      await client.query('create table t (n int)', []);
      await client.query('insert into t select generate_series(1, 5)', []);
      const select = 'select count(*)::int as c from t where n > $1';
      assert.equal((await client.query(select, [1])).rows[0].c, 4);
      assert.equal((await client.query(select, [3])).rows[0].c, 2);
      assert.deepEqual(await prepared(client), ['insert into t select generate_series(1, 5)', select]);
    } finally {
      client.release();
    }
  });

  test('past the bound, and for DDL, statements go unnamed and still work', async () => {
    const client = await pool.connect();
    try {
      const before = await prepared(client);
      assert.equal((await client.query('select $1::int + 1 as n', [41])).rows[0].n, 42);
      await client.query('create index t_n on t (n)', []);
      assert.deepEqual(await prepared(client), before);
    } finally {
      client.release();
    }
  });

  test('a column added by a migration elsewhere: the prepared select * answers with it', async () => {
    const migrations = new pg.Client({ connectionString: database.url });
    const named = new pg.Pool({ connectionString: database.url, max: 1 });
    named.on('error', () => {});
    nameStatements(named);
    await migrations.connect();
    const client = await named.connect();
    try {
      await migrations.query('create table u (n int); insert into u values (1)');
      const select = 'select * from u';
      assert.deepEqual((await client.query(select, [])).rows, [{ n: 1 }]);
      await migrations.query('alter table u add column m int default 2');
      assert.deepEqual((await client.query(select, [])).rows, [{ n: 1, m: 2 }]);
      assert.deepEqual((await client.query(select, [])).rows, [{ n: 1, m: 2 }]);
    } finally {
      client.release();
      await named.end();
      await migrations.end();
    }
  });
});
