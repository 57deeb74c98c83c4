// A real Sésame for a test: real migrations on a real database, the real app
// through inject() (or a real port), argon2 with fast parameters, an injectable clock.

import { Writable } from 'node:stream';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/core/ports.js';
import { openServices, type Services } from '../../src/services.js';
import type { Dialect, TestDatabase } from './databases.js';
import { startMailServer, type MailServer } from './mail-server.js';

export const FAST_ARGON2 = { ARGON2_MEMORY_KIB: '256', ARGON2_ITERATIONS: '1', ARGON2_PARALLELISM: '1' };
/** Every test request comes from 127.0.0.1: suites that test the per-IP limits set their own. */
export const GENEROUS_RATE_LIMITS = {
  RATE_LIMIT_SIGN_IN: '1000000',
  RATE_LIMIT_SIGN_UP: '1000000',
  RATE_LIMIT_REFRESH: '1000000',
  RATE_LIMIT_MAIL: '1000000',
};

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export interface TestApp extends Services {
  app: FastifyInstance;
  /** Every log line the app wrote. */
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...FAST_ARGON2, ...GENEROUS_RATE_LIMITS, ...env });
}

export async function startTestApp(
  database: TestDatabase,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const config = testConfig(database.url, options.env);
  const services = await openServices(config, options.clock);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({ ...services, logStream });
  await app.ready();
  return {
    ...services,
    app,
    logs,
    async close() {
      await app.close();
      await services.store.close();
    },
  };
}

/**
 * A fresh database of `dialect` and a Sésame on it for the enclosing describe():
 * the returned object is filled in before the first test and closed after the last.
 */
export function useTestApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): TestApp & { database: TestDatabase } {
  const handle = {} as TestApp & { database: TestDatabase };
  before(async () => {
    const database = await dialect.create();
    Object.assign(handle, await startTestApp(database, options), { database });
  });
  after(async () => {
    await handle.close?.();
    await handle.database?.drop();
  });
  return handle;
}

/**
 * useTestApp with a real SMTP server on loopback as its SMTP_URL: `smtp` receives
 * every mail Sésame sends.
 */
export function useMailTestApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): TestApp & { database: TestDatabase; smtp: MailServer } {
  const handle = {} as TestApp & { database: TestDatabase; smtp: MailServer };
  before(async () => {
    const database = await dialect.create();
    const smtp = await startMailServer();
    const app = await startTestApp(database, { ...options, env: { SMTP_URL: smtp.url, ...options.env } });
    Object.assign(handle, app, { database, smtp });
  });
  after(async () => {
    await handle.close?.();
    await handle.smtp?.close();
    await handle.database?.drop();
  });
  return handle;
}
