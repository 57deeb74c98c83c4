// Accounts of each role for the administration tests: an admin made the way an
// operator does (create-admin), moderators and users promoted through the store.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/core/model.js';
import { PASSWORD, bearer, passwordGrant, signedInUser, type Tokens } from './native-client.js';
import type { TestApp } from './test-app.js';

export interface Actor extends Tokens {
  id: number;
  email: string;
}

/** Signs up `email`, gives it `role`, signs in; returns its id and tokens. */
export async function signedInAs(t: TestApp, role: Role, email: string, password = PASSWORD): Promise<Actor> {
  if (role === 'ADMIN') {
    const { user } = await t.core.accounts.createOrPromoteAdmin(email, password);
    const response = await passwordGrant(t.app, email, password);
    if (response.statusCode !== 200) throw new Error(`admin sign-in failed: ${response.body}`);
    return { ...response.json<Tokens>(), id: user.id, email };
  }
  const tokens = await signedInUser(t.app, email, password);
  const user = (await t.store.users.findByEmail(email))!;
  if (role !== 'USER') await t.store.users.update(user.id, { role }, new Date());
  return { ...tokens, id: user.id, email };
}

export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  token?: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
}
