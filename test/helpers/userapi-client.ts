// Talking to the userapi (seed 001) through inject(), the ways its document's
// clients do: parameters in the query string, a form body or a JSON body.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { roleFromLevel } from '../../src/core/model.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct horse battery staple';
export const PREFIX = '/userapi';

export interface CallOptions {
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

export function call(app: FastifyInstance, path: string, options: CallOptions = {}, prefix = PREFIX) {
  const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  return app.inject({ method: 'POST', url: `${prefix}${path}${query}`, headers, ...(payload ? { payload } : {}) });
}

export interface Registration {
  username: string;
  email: string;
  password: string;
  birthdate: string;
  prenom: string;
  nom: string;
}

let counter = 0;
export function registration(extra: Partial<Registration> = {}): Registration {
  counter += 1;
  return {
    username: `user_${counter}_${Date.now() % 100000}`,
    email: `user${counter}.${Date.now() % 100000}@example.com`,
    password: PASSWORD,
    birthdate: '1995-08-13',
    prenom: 'Michel',
    nom: 'Dupont',
    ...extra,
  };
}

/** The documented form: `POST /register?data={json}`. */
export function register(app: FastifyInstance, data: object) {
  return call(app, '/register', { query: { data: JSON.stringify(data) } });
}

export function login(app: FastifyInstance, email: string, pass = PASSWORD) {
  return call(app, '/login', { query: { email, pass } });
}

export interface LoggedIn {
  id: number;
  email: string;
  token: string;
  refresh: string;
  level: number;
}

/** Registers, sets the level straight in the store when asked, and logs in. */
export async function userAt(t: TestApp, level = 1, extra: Partial<Registration> = {}): Promise<LoggedIn> {
  const data = registration(extra);
  const registered = await register(t.app, data);
  if (registered.statusCode !== 200) throw new Error(`register failed: ${registered.body}`);
  const role = roleFromLevel(level);
  const user = await t.store.users.findByEmail(data.email);
  if (!role || !user) throw new Error('no such level or user');
  if (level !== 1) await t.store.users.update(user.id, { role }, new Date());
  const res = await login(t.app, data.email, data.password);
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const body = res.json<LoggedIn>();
  return { id: body.id, email: data.email, token: body.token, refresh: body.refresh, level };
}

export const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

export function json(res: LightMyRequestResponse): Record<string, unknown> {
  return res.json<Record<string, unknown>>();
}
