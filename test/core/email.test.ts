// What an email address may be, in one table: a plain local@domain, read after NFKC,
// its key lower-cased with the domain in ASCII. The API suites show each API
// refusing the same addresses in its own shape (security/email-syntax.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEmail, parseEmail } from '../../src/core/email.js';

test('plain addresses are accepted, kept as written, keyed lower-case with an ASCII domain', () => {
  const cases: [string, string, string][] = [
    ['ana@example.com', 'ana@example.com', 'ana@example.com'],
    ['  Ana.Lopez@Example.COM ', 'Ana.Lopez@Example.COM', 'ana.lopez@example.com'],
    ["o'neil+tag@sub.example.co.uk", "o'neil+tag@sub.example.co.uk", "o'neil+tag@sub.example.co.uk"],
    ['zoé@exämple.com', 'zoé@exämple.com', 'zoé@xn--exmple-cua.com'],
    ['ａｎａ@ｅｘａｍｐｌｅ.ｃｏｍ', 'ana@example.com', 'ana@example.com'],
    ['a@b-c.io', 'a@b-c.io', 'a@b-c.io'],
  ];
  for (const [raw, address, key] of cases) {
    const email = parseEmail(raw);
    assert.ok(email, raw);
    assert.equal(email.address, address, raw);
    assert.equal(email.normalized, key, raw);
    assert.equal(normalizeEmail(raw), key, `${raw}: the look-up key is the parsed key`);
  }
});

test('anything a mailer could read as more, or that is no address, is refused', () => {
  for (const raw of [
    'x<attacker@evil.example>.com',
    'a,attacker@evil.example',
    'x＜attacker@evil.example＞.com',
    'a，attacker@evil.example',
    'Ana <ana@example.com>',
    '<ana@example.com>',
    '"ana"@example.com',
    '"a@b"@example.com',
    'ana(comment)@example.com',
    'ana@example.com (comment)',
    'ana lopez@example.com',
    'ana\t@example.com',
    'ana@example.com\nBcc: attacker@evil.example',
    'ana@example.com;attacker@evil.example',
    'ana@[127.0.0.1]',
    'ana@127.0.0.1',
    'ana@localhost',
    'ana@example..com',
    'ana@-example.com',
    'ana@example.com.',
    '.ana@example.com',
    'ana.@example.com',
    'an..a@example.com',
    'ana@@example.com',
    '@example.com',
    'ana@',
    'not-an-email',
    `${'a'.repeat(65)}@example.com`,
    `ana@${'a'.repeat(250)}.com`,
    '',
  ]) {
    assert.equal(parseEmail(raw), null, JSON.stringify(raw));
  }
  assert.equal(parseEmail(42), null);
});
