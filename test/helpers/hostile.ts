// Hostile inputs for the fuzz suite, from a seeded generator so that a failure is
// reproducible (FUZZ_SEED). fast-check is not among the installed packages; this
// is the same idea without shrinking: random structure built from a catalogue of
// values known to break parsers, validators, drivers and templates.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, fast, good enough to spread cases; not for secrets. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

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

export function hostileScalar(random: Random): Json {
  switch (random.int(6)) {
    case 0:
      return random.pick(HOSTILE_NUMBERS);
    case 1:
      return random.chance(0.5);
    case 2:
      return null;
    case 3:
      return random.chance(0.3) ? 'x'.repeat(random.pick([1024, 65_536, 200_000])) : randomUnicode(random);
    default:
      return random.pick(HOSTILE_STRINGS);
  }
}

function randomUnicode(random: Random): string {
  let text = '';
  const length = random.int(40);
  for (let i = 0; i < length; i++) text += String.fromCodePoint(random.pick([random.int(128), random.int(0xd7ff), 0x10000 + random.int(0xfffff)]));
  return text;
}

export function hostileValue(random: Random, depth = 0): Json {
  const roll = random.int(10);
  if (depth > 3 || roll < 6) return hostileScalar(random);
  if (roll < 8) return Array.from({ length: random.int(4) }, () => hostileValue(random, depth + 1));
  if (roll === 8) return deepNesting(random.pick([10, 100, 1000]));
  return hostileObject(random, [], depth + 1);
}

function deepNesting(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** An object over `fields` (the route's own, so validation is passed sometimes) plus hostile extras. */
export function hostileObject(random: Random, fields: string[], depth = 0): { [key: string]: Json } {
  const object: { [key: string]: Json } = {};
  for (const field of fields) {
    if (random.chance(0.7)) object[field] = random.chance(0.4) ? plausible(field, random) : hostileValue(random, depth);
  }
  const extras = random.int(3);
  for (let i = 0; i < extras; i++) {
    const key = random.pick(['__proto__', 'constructor', 'role', 'id', 'is_admin', '$where', 'email_verified', random.pick(HOSTILE_STRINGS)]);
    // Defined as an own property: `object.__proto__ = …` would set the prototype instead.
    Object.defineProperty(object, key, { value: hostileValue(random, depth), enumerable: true, configurable: true, writable: true });
  }
  return object;
}

/** A value that looks right for a field name, so fuzzing reaches past the schema. */
function plausible(field: string, random: Random): Json {
  const name = field.toLowerCase();
  if (name.includes('mail') || name === 'username' || name === 'courriel') return `fuzz${random.int(1000)}@example.com`;
  if (name.includes('pass')) return 'correct horse battery staple';
  if (name.includes('date')) return '1990-05-17';
  if (name === 'locale') return random.pick(['fr', 'en', 'es', 'de']);
  if (name.includes('grant')) return random.pick(['password', 'refresh_token', 'client_credentials']);
  if (name === 'role') return random.pick(['user', 'admin', 'ADMIN', 'moderator']);
  if (name.includes('level')) return random.pick([1, 2, 3, 4]);
  return random.pick(['Zoé', 'Ng', 'fuzz', '42']);
}
