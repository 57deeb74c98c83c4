// A kernel User built in memory, for tests of pure rules (no database).

import type { Role, User } from '../../src/core/model.js';

const at = new Date('2026-11-25T10:00:00Z');

export const userWithRole = (id: number, role: Role): User => ({
  id, role, email: `u${id}@example.com`, emailVerifiedAt: null, username: null, firstName: null, lastName: null,
  title: null, phone: null, birthdate: null, address: { street: null, city: null, zip: null, country: null },
  social: { facebook: null, twitter: null }, locale: 'fr', darkMode: false, createdAt: at, updatedAt: at, deletedAt: null,
});
