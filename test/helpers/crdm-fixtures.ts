// Accounts the crdm suites start from, made through the core as an operator would.

import type { RequestContext } from '../../src/core/model.js';
import type { TestApp } from './test-app.js';

export const CRDM_PASSWORD = 'Tr0ub4dor&3-horse';
const context: RequestContext = { api: 'test', ip: null, userAgent: null };

export async function createAdmin(t: TestApp, email = 'admin@crdm.test', password = CRDM_PASSWORD) {
  const { user } = await t.core.accounts.createOrPromoteAdmin(email, password);
  return t.core.accounts.updateProfile(user.id, { firstName: 'Nicolas', lastName: 'Lamouliatte', title: 'M.' }, context);
}

export async function createMember(
  t: TestApp,
  email: string,
  options: { password?: string; locale?: 'fr' | 'en' | 'es' | 'de'; role?: 'USER' | 'MODERATOR' } = {},
) {
  const user = await t.core.accounts.signUp(
    {
      email,
      password: options.password ?? CRDM_PASSWORD,
      firstName: 'Christophe',
      lastName: 'Riotte',
      title: 'M.',
      phone: '+33782170073',
      locale: options.locale ?? 'en',
    },
    context,
  );
  // A sign-up is always a user: the role is given afterwards, as an administrator would.
  if (!options.role || options.role === 'USER') return user;
  return t.store.users.update(user.id, { role: options.role }, new Date());
}
