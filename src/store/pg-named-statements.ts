// PostgreSQL parses and plans every query Kysely sends, because pg sends them
// unnamed. Naming a statement makes pg prepare it once per connection and then
// send only its parameters: the server skips parse and plan on every later call.
// The same SQL text always gets the same name; the number of names is bounded, so
// a stream of distinct texts (an IN list of every length) cannot fill the server's
// memory: past the bound, new texts go unnamed as before. Only data statements are
// named: DDL (migrations) is run once anyway.

import type pg from 'pg';

const MAX_NAMES = 1_000;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

export function nameStatements(pool: pg.Pool, maxNames = MAX_NAMES): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxNames && DATA_STATEMENT.test(text)) {
      name = `sesame_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, values?: unknown) => {
      const name = typeof text === 'string' && Array.isArray(values) ? nameOf(text) : undefined;
      return name ? query({ name, text, values }) : query(text, values);
    }) as typeof client.query;
  });
}
