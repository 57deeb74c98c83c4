// Small helpers for talking to the native API through inject().

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export const PASSWORD = 'correct horse battery staple';

export async function signUp(app: FastifyInstance, email: string, password = PASSWORD, extra: object = {}) {
  return app.inject({ method: 'POST', url: '/v1/signup', payload: { email, password, ...extra } });
}

export async function passwordGrant(app: FastifyInstance, email: string, password = PASSWORD) {
  return app.inject({
    method: 'POST',
    url: '/v1/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'password', username: email, password }).toString(),
  });
}

export async function refreshGrant(app: FastifyInstance, refreshToken: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/token',
    payload: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** Signs up and signs in; returns the token pair. */
export async function signedInUser(app: FastifyInstance, email: string, password = PASSWORD): Promise<Tokens> {
  const signup = await signUp(app, email, password);
  if (signup.statusCode !== 201) throw new Error(`signup failed: ${signup.body}`);
  const token = await passwordGrant(app, email, password);
  if (token.statusCode !== 200) throw new Error(`sign-in failed: ${token.body}`);
  return token.json<Tokens>();
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export function me(app: FastifyInstance, token: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) });
}
