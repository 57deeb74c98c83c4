// The policy's own guarantees, as properties over every role, action and target:
// a narrowing can only refuse what the table allows, never allow what it refuses;
// nobody reaches an account above their own level; a sign-up is a user.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isCoreError } from '../../src/core/errors.js';
import { ROLES, type Role } from '../../src/core/model.js';
import { ACTIONS, allowed, assertSelfSignUpRole, can, levelOf, mayGrant, readableRoles, type Narrowing } from '../../src/core/policy.js';

const role = fc.constantFrom(...ROLES);
const action = fc.constantFrom(...ACTIONS);
const party = (id: number) => role.map((r: Role) => ({ id, role: r }));
const narrowing = fc.dictionary(fc.constantFrom(...ACTIONS, 'delete-self' as const), fc.boolean()).map((answers) => {
  const rules: Narrowing = {};
  for (const [key, answer] of Object.entries(answers)) rules[key as keyof Narrowing] = () => answer;
  return rules;
});

test('a narrowing never widens: whatever it answers, allowed implies the table allows', () => {
  fc.assert(
    fc.property(party(1), action, fc.option(party(2), { nil: undefined }), narrowing, (actor, act, target, narrow) => {
      if (allowed(actor, act, target, narrow)) assert.ok(can(actor, act, target));
    }),
  );
});

test('nobody acts on an account above their own level, and users act on no other account', () => {
  fc.assert(
    fc.property(party(1), action, party(2), (actor, act, target) => {
      if (levelOf(target.role) > levelOf(actor.role) || actor.role === 'USER') assert.equal(can(actor, act, target), false);
    }),
  );
  assert.deepEqual(readableRoles({ role: 'MODERATOR' }), ['USER', 'MODERATOR']);
  assert.deepEqual(readableRoles({ role: 'ADMIN' }), ['USER', 'MODERATOR', 'ADMIN']);
  assert.equal(mayGrant({ role: 'MODERATOR' }, 'ADMIN'), false);
});

test('a self-service sign-up is a user: any other role is refused with a field error', () => {
  assertSelfSignUpRole('USER');
  for (const r of ['MODERATOR', 'ADMIN'] as const) {
    assert.throws(() => assertSelfSignUpRole(r), (e) => isCoreError(e, 'validation_failed') && e.details.fields?.role !== undefined);
  }
});
