// PostgreSQL parses and plans every query Kysely sends, because pg sends them
// unnamed. Naming a statement makes pg prepare it once per connection and then
// send only its parameters: the server skips parse and plan on every later call.
// The same SQL text always gets the same name; the number of names is bounded, so
// a stream of distinct texts (an IN list of every length) cannot fill the server's
// memory: past the bound, new texts go unnamed as before. Only data statements are
// named: DDL (migrations) is run once anyway.
// A migration run by another process while this one serves (a rolling upgrade) can
// change what a prepared `select *` returns; PostgreSQL then refuses the statement
// ("cached plan must not change result type"). That text is sent unnamed from then
// on, and the refused call is retried so (inside a transaction the transaction has
// already failed, and that one request fails with it).

import type pg from 'pg';

const MAX_NAMES = 1_000;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/** SQLSTATE of "cached plan must not change result type". */
const PLAN_RESULT_CHANGED = '0A000';

export function nameStatements(pool: pg.Pool, maxNames = MAX_NAMES): void {
  const names = new Map<string, string | null>(); // null: sent unnamed for good
  const nameOf = (text: string): string | null => {
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= maxNames || !DATA_STATEMENT.test(text)) return null;
      name = `sesame_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
      // A callback (pool.query() passes one) goes through unnamed, untouched.
      const name = typeof text === 'string' && Array.isArray(values) && rest.length === 0 ? nameOf(text) : null;
      if (!name) return query(text, values, ...rest);
      return query({ name, text, values }).catch((error: { code?: string }) => {
        if (error?.code !== PLAN_RESULT_CHANGED) throw error;
        names.set(text as string, null);
        return query(text, values);
      });
    }) as typeof client.query;
  });
}
