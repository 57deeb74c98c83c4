// Talking to the coinduchef API (seeds 002 + 003) through inject(), at its default mount.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/core/model.js';
import type { TestApp } from './test-app.js';

export const BASE = '/coinduchef-auth';
export const CDC_PASSWORD = 'une phrase de passe solide';

export interface RegisterBody {
  prenom?: string;
  nom?: string;
  courriel?: string;
  mot_de_passe?: string;
  role?: string;
}

export function register(app: FastifyInstance, body: RegisterBody): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `${BASE}/register`, payload: body as Record<string, unknown> });
}

export const person = (courriel: string, extra: RegisterBody = {}): RegisterBody => ({
  prenom: 'Jean',
  nom: 'Dupont',
  courriel,
  mot_de_passe: CDC_PASSWORD,
  role: 'UTILISATEUR',
  ...extra,
});

/** The documented curl: form-encoded username and password, no grant_type. */
export function token(app: FastifyInstance, username: string, password = CDC_PASSWORD) {
  return app.inject({
    method: 'POST',
    url: `${BASE}/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password }).toString(),
  });
}

/** Registers (role as given) and signs in; returns the access token and the user. */
export async function signedIn(app: FastifyInstance, courriel: string, extra: RegisterBody = {}) {
  const created = await register(app, person(courriel, extra));
  if (created.statusCode !== 201) throw new Error(`register failed: ${created.body}`);
  return { ...(await tokenFor(app, courriel)), user: created.json<{ id: number }>() };
}

/**
 * A registered UTILISATEUR then given `role` as an administrator would: a
 * self-service sign-up is never above a user.
 */
export async function signedInWithRole(
  t: Pick<TestApp, 'app' | 'store' | 'core'>,
  courriel: string,
  role: Role,
  extra: RegisterBody = {},
) {
  const created = await register(t.app, person(courriel, { ...extra, role: 'UTILISATEUR' }));
  if (created.statusCode !== 201) throw new Error(`register failed: ${created.body}`);
  const user = created.json<{ id: number }>();
  await t.store.users.update(user.id, { role }, t.core.deps.clock.now());
  return { ...(await tokenFor(t.app, courriel)), user };
}

export async function tokenFor(app: FastifyInstance, courriel: string, password = CDC_PASSWORD) {
  const response = await token(app, courriel, password);
  if (response.statusCode !== 200) throw new Error(`token failed: ${response.body}`);
  return { token: response.json<{ access_token: string }>().access_token };
}

export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  bearerToken?: string,
  payload?: object,
) {
  return app.inject({
    method,
    url: `${BASE}${path}`,
    headers: bearerToken ? { authorization: `Bearer ${bearerToken}` } : {},
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  });
}
