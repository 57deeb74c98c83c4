// Talking to the coinduchef API (seeds 002 + 003) through inject(), at its default mount.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

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
