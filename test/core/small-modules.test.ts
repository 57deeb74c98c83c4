// Email normalisation, opaque tokens, locale negotiation, the argon2id hasher and the
// schema shapes every API's answers use.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidEmail, normalizeEmail } from '../../src/core/email.js';
import { issueOpaqueToken, parseOpaqueToken, secretMatches, sha256 } from '../../src/core/opaque-tokens.js';
import { createArgon2Hasher } from '../../src/core/password-hasher.js';
import { negotiateLocale } from '../../src/i18n/negotiate-locale.js';
import { Type } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { Nullable, OneOf } from '../../src/http/schema-types.js';

test('emails compare after trim, NFC and lower-case', () => {
  assert.equal(normalizeEmail('  Zoe\u0301@Example.COM '), 'zoé@example.com');
  assert.equal(isValidEmail('a@b.co'), true);
  for (const bad of ['', 'a', 'a@b', '@b.co', 'a b@c.de', 'a@@b.co', `${'x'.repeat(65)}@b.co`]) {
    assert.equal(isValidEmail(bad), false, bad);
  }
});

test('opaque tokens: id.secret, only a hash is kept, the secret matches in constant time', () => {
  const issued = issueOpaqueToken();
  const parsed = parseOpaqueToken(issued.token);
  assert.equal(parsed?.id, issued.id);
  assert.ok(!issued.secretHash.includes(parsed!.secret));
  assert.equal(issued.secretHash, sha256(parsed!.secret));
  // SHA-256 in base64url, as every stored token hash was written: a known answer.
  assert.equal(sha256('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  assert.equal(secretMatches(parsed!.secret, issued.secretHash), true);
  const altered = parsed!.secret.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
  assert.equal(secretMatches(altered, issued.secretHash), false);
  assert.equal(parseOpaqueToken('short.token'), null);
  assert.notEqual(issueOpaqueToken().token, issued.token);
});

test('Accept-Language picks the best supported locale', () => {
  assert.equal(negotiateLocale('de-CH, fr;q=0.9, en;q=0.8'), 'de');
  assert.equal(negotiateLocale('it, es;q=0.5, fr;q=0.7'), 'fr');
  assert.equal(negotiateLocale('fr;q=0, en-GB'), 'en');
  assert.equal(negotiateLocale('zh'), 'en');
  assert.equal(negotiateLocale(undefined, 'fr'), 'fr');
});

test('argon2id: verifies, refuses, tolerates junk, asks for a rehash when parameters change', async () => {
  const hasher = createArgon2Hasher({ memoryCost: 256, timeCost: 1, parallelism: 1 });
  const hash = await hasher.hash('a long enough password');
  assert.match(hash, /^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
  assert.equal(await hasher.verify(hash, 'a long enough password'), true);
  assert.equal(await hasher.verify(hash, 'another password'), false);
  assert.equal(await hasher.verify('$2b$10$notargon', 'x'), false);
  assert.equal(await hasher.verify(null, 'anything'), false, 'a missing user is a failure, after a dummy verify');
  assert.equal(hasher.needsRehash(hash), false);
  const stronger = createArgon2Hasher({ memoryCost: 512, timeCost: 1, parallelism: 1 });
  assert.equal(stronger.needsRehash(hash), true);
  assert.equal(stronger.needsRehash('$2b$10$legacy'), true);
});

test('a choice of values is one enum of their type, validated and written as such', async () => {
  assert.deepEqual({ ...OneOf(['fr', 'en']) }, { type: 'string', enum: ['fr', 'en'] });
  assert.deepEqual({ ...OneOf([0, 1]) }, { type: 'integer', enum: [0, 1] });
  const app = Fastify();
  const Body = Type.Object({ locale: OneOf(['fr', 'en']), flag: OneOf([0, 1]) }, { additionalProperties: false });
  app.post('/echo', { schema: { body: Body, response: { 200: Body } } }, async (request) => request.body);
  try {
    const echoed = await app.inject({ method: 'POST', url: '/echo', payload: { locale: 'en', flag: 1 } });
    assert.deepEqual(echoed.json(), { locale: 'en', flag: 1 });
    for (const payload of [{ locale: 'de', flag: 1 }, { locale: 'fr', flag: 2 }]) {
      assert.equal((await app.inject({ method: 'POST', url: '/echo', payload })).statusCode, 400, JSON.stringify(payload));
    }
  } finally {
    await app.close();
  }
});

test('a nullable field is one type list, written and validated as a value or null', async () => {
  const schema = Nullable(Type.String({ format: 'date-time' }), { description: 'when' });
  assert.deepEqual({ ...schema }, { type: ['string', 'null'], format: 'date-time', description: 'when' });
  const app = Fastify();
  const Body = Type.Object({ at: schema, count: Nullable(Type.Integer()) }, { additionalProperties: false });
  app.post('/echo', { schema: { body: Body, response: { 200: Body } } }, async (request) => request.body);
  try {
    for (const body of [{ at: null, count: null }, { at: '2026-12-01T00:00:00.000Z', count: 3 }]) {
      const answer = await app.inject({ method: 'POST', url: '/echo', payload: body });
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.json(), body);
    }
    const refused = await app.inject({ method: 'POST', url: '/echo', payload: { at: 'yesterday', count: null } });
    assert.equal(refused.statusCode, 400);
  } finally {
    await app.close();
  }
});
