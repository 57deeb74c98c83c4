// Hostile inputs for the fuzz suite, as fast-check arbitraries: random structure
// built from a catalogue of values known to break parsers, validators, drivers and
// templates, plus any Unicode (lone surrogates included). fast-check makes a run
// reproducible from its seed and shrinks a failing request to a small one.

import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)--',
  "admin'--",
  '%27%20OR%201%3D1',
  '{"$gt":""}',
  '{"$ne":null}',
  '$where: 1 == 1',
  '__proto__',
  'constructor',
  'prototype',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '🔥💥𝕏',
  'ﷺ‮‭',
  'Zoé@Example.COM',
  'é'.normalize('NFD'),
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '%s%s%s%n',
  '\r\nSet-Cookie: x=1',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '0',
  '99999999999999999999999',
  '1e309',
  '2026-13-45',
  'user@',
  '@example.com',
  'a@b.c',
  'x'.repeat(300),
  'correct horse battery staple',
  'Bearer ',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
];

const HOSTILE_NUMBERS = [0, -1, 1, 3, 1.5, -0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE];

/** A leaf: edge numbers, booleans, null, huge strings, any Unicode, or the catalogue (most often). */
export const hostileScalar: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.constantFrom(1024, 65_536, 200_000).map((length) => 'x'.repeat(length)), weight: 1 },
);

/** An own property even for `__proto__`: assigning it would set the prototype instead. */
function withEntries(object: JsonObject, entries: [string, Json][]): JsonObject {
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  }
  return object;
}

function deepNesting(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const EXTRA_KEYS = fc.constantFrom('__proto__', 'constructor', 'role', 'id', 'is_admin', '$where', 'email_verified', ...HOSTILE_STRINGS);

/** Any JSON value: mostly leaves, some arrays and objects with hostile keys, a few deep nests. */
export const hostileValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    { arbitrary: hostileScalar, weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.constantFrom(10, 100, 1000).map(deepNesting), weight: 1 },
    { arbitrary: fc.array(fc.tuple(EXTRA_KEYS, tie('value')), { maxLength: 3 }).map((entries) => withEntries({}, entries)), weight: 1 },
  ),
})).value;

/** A value that looks right for a field name, so fuzzing reaches past the schema. */
function plausible(field: string): fc.Arbitrary<Json> {
  const name = field.toLowerCase();
  if (name.includes('mail') || name === 'username' || name === 'courriel') return fc.nat(999).map((n) => `fuzz${n}@example.com`);
  if (name.includes('pass')) return fc.constant('correct horse battery staple');
  if (name.includes('date')) return fc.constant('1990-05-17');
  if (name === 'locale') return fc.constantFrom('fr', 'en', 'es', 'de');
  if (name.includes('grant')) return fc.constantFrom('password', 'refresh_token', 'client_credentials');
  if (name === 'role') return fc.constantFrom('user', 'admin', 'ADMIN', 'moderator');
  if (name.includes('level')) return fc.constantFrom(1, 2, 3, 4);
  return fc.constantFrom('Zoé', 'Ng', 'fuzz', '42');
}

/** An object over `fields` (the route's own, so validation is passed sometimes) plus hostile extras. */
export function hostileObject(fields: string[]): fc.Arbitrary<JsonObject> {
  const field = (name: string) =>
    fc.option(fc.oneof({ arbitrary: plausible(name), weight: 2 }, { arbitrary: hostileValue, weight: 3 }), { nil: undefined, freq: 3 });
  return fc
    .tuple(fc.tuple(...fields.map(field)), fc.array(fc.tuple(EXTRA_KEYS, hostileValue), { maxLength: 2 }))
    .map(([values, extras]) => {
      const own: [string, Json][] = [];
      fields.forEach((name, i) => {
        if (values[i] !== undefined) own.push([name, values[i]!]);
      });
      return withEntries({}, [...own, ...extras]);
    });
}
