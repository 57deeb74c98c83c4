// Better Auth as its documentation sets it up: email and password, SQLite through
// better-sqlite3, its own Node handler, in a process of its own. Its per-IP rate
// limit is off, as Sésame's are raised, because the whole load comes from one IP.

import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';

const port = Number(process.env.PORT);
const baseURL = `http://127.0.0.1:${port}`;
const database = new Database(process.env.BETTER_AUTH_DB);
database.pragma('journal_mode = WAL');

const auth = betterAuth({
  database,
  baseURL,
  secret: 'bench-secret-bench-secret-bench-secret-0123456789',
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  logger: { disabled: true },
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const server = createServer(toNodeHandler(auth));
server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
