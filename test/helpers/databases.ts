// The databases every store and API suite runs on: a real SQLite file and a real
// PostgreSQL database (a fresh one per call, on the server of TEST_DATABASE_URL).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { createSecretBox } from '../../src/store/secret-box.js';
import { openStore, type KyselyStore } from '../../src/store/store.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Dialect {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-test-'));
  return {
    url: `sqlite:${join(dir, 'sesame.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`, which starts PostgreSQL.');
  }
  return url;
}

async function createPostgres(): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `sesame_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export const dialects: Dialect[] = [
  { name: 'sqlite', create: createSqlite },
  { name: 'postgres', create: createPostgres },
];

/**
 * A fresh database of `dialect` with the store open on it (migrated), for the
 * enclosing describe(): filled in before the first test, closed after the last.
 */
export function useStore(dialect: Dialect): { store: KyselyStore; database: TestDatabase } {
  const handle = {} as { store: KyselyStore; database: TestDatabase };
  before(async () => {
    handle.database = await dialect.create();
    handle.store = await openStore(handle.database.url, { secrets: createSecretBox(randomBytes(32)) });
  });
  after(async () => {
    await handle.store?.close();
    await handle.database?.drop();
  });
  return handle;
}
