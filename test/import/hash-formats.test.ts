// Which imported hashes are kept, wrapped or refused: recognised by shape, checked
// against a declared hash_format, unprefixed SHA-256 digests only when declared or
// under --api userapi. Real hashes from the real algorithms.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { readImportedHash } from '../../src/core/legacy-hashes/formats.js';
import { legacyHash, LEGACY_FORMATS } from './legacy-fixtures.js';

const digest = (p: string) => createHash('sha256').update(p).digest('base64');

test('every legacy format is recognised by shape and kept as it is (digests: wrapped under userapi)', async () => {
  for (const format of LEGACY_FORMATS) {
    const { hash, declared } = await legacyHash(format, 'x');
    const read = readImportedHash(hash, null, 'userapi');
    if (format.startsWith('sha256')) {
      assert.deepEqual(read, { kind: 'wrap', digest: hash, format }, format);
      if (declared) assert.equal(readImportedHash(hash, null, 'crdm').kind, 'invalid', 'a bare digest needs userapi or a hash_format');
    } else {
      assert.equal(read.kind, 'store', format);
    }
  }
});

test("the seed's own example is the base64 of the base64 of SHA-256", () => {
  const seed = Buffer.from(digest('123')).toString('base64');
  assert.match(seed, /^cG1Xa1dTQkNM.*TT0=$/);
  assert.equal(seed.length, 60);
  assert.deepEqual(readImportedHash(seed, 'sha256-base64-base64', 'native'), { kind: 'wrap', digest: seed, format: 'sha256-base64-base64' });
});

test('a declared format that does not match, or a hash in no known format, is refused with a reason', async () => {
  const bcrypt = (await legacyHash('bcrypt-2y', 'x')).hash;
  assert.match((readImportedHash(bcrypt, 'django-pbkdf2', 'native') as { reason: string }).reason, /declared hash_format django-pbkdf2/);
  assert.match((readImportedHash(digest('x'), 'sha256-base64-base64', 'userapi') as { reason: string }).reason, /not a sha256-base64-base64 digest/);
  for (const junk of ['md5:5f4dcc3b5aa765d61d8327deb882cf99', '$2y$10$short', 'pbkdf2:sha256:0$salt$abcd', 'scrypt:1000:8:1$salt$abcd', '']) {
    assert.equal(readImportedHash(junk, null, 'userapi').kind, 'invalid', junk);
  }
});
