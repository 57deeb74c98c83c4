// Talking to the myclass API (seed 000) through inject(): parameters as a JSON
// body, a form body or a query string, as its clients send them.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../src/core/ports.js';

export const PREFIX = '/myclass/api';
export const PWD = 'correct horse battery staple';

export type Encoding = 'json' | 'form' | 'query';

export interface Answer {
  status: boolean;
  message: unknown;
}

export async function call(
  app: FastifyInstance,
  endpoint: string,
  params: Record<string, unknown> = {},
  options: { as?: Encoding; headers?: Record<string, string>; prefix?: string } = {},
): Promise<LightMyRequestResponse & { answer: Answer }> {
  const url = `${options.prefix ?? PREFIX}/${endpoint}`;
  const as = options.as ?? 'json';
  const flat = () => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res =
    as === 'query'
      ? await app.inject({ method: 'GET', url: `${url}?${flat()}`, headers: options.headers })
      : as === 'form'
        ? await app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
            payload: flat(),
          })
        : await app.inject({ method: 'POST', url, payload: params, headers: options.headers });
  return Object.assign(res, { answer: res.json<Answer>() });
}

export function addAccount(app: FastifyInstance, email: string, extra: Record<string, unknown> = {}) {
  return call(app, 'add_user_account/', { Name: 'Ana', Surname: 'Lopez', Email: email, Pwd: PWD, ...extra });
}

/** Marks the account activated directly in the store (for suites not about activation). */
export async function activateInStore(store: Store, email: string): Promise<void> {
  const user = await store.users.findByEmail(email);
  if (!user) throw new Error(`no account ${email}`);
  await store.users.update(user.id, { emailVerifiedAt: new Date('2026-11-25T09:00:00Z') }, user.updatedAt);
}

export async function login(app: FastifyInstance, email: string, password = PWD): Promise<string> {
  const res = await call(app, 'login', { Email: email, Pwd: password });
  if (res.answer.status !== true || typeof res.answer.message !== 'string') {
    throw new Error(`login failed: ${res.body}`);
  }
  return res.answer.message;
}

/** A created, activated, logged-in account: its token. */
export async function loggedIn(app: FastifyInstance, store: Store, email: string): Promise<string> {
  const created = await addAccount(app, email);
  if (created.answer.status !== true) throw new Error(`add_user_account failed: ${created.body}`);
  await activateInStore(store, email);
  return login(app, email);
}

/** Asserts a `{"status": false, "message": …}` answer of HTTP `code` and returns its message. */
export function failure(res: LightMyRequestResponse & { answer: Answer }, code = 200): string {
  if (res.statusCode !== code || res.answer.status !== false || typeof res.answer.message !== 'string') {
    throw new Error(`expected a status:false answer with HTTP ${code}, got ${res.statusCode} ${res.body}`);
  }
  if (Object.keys(res.answer).sort().join() !== 'message,status') throw new Error(`extra fields: ${res.body}`);
  return res.answer.message;
}
