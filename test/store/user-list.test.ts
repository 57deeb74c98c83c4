// The user list's search beyond its first probe window, on SQLite and PostgreSQL:
// matches found near the start and far past it come back once each, in id order,
// page after page, with the other filters still applied.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type KyselyStore } from '../../src/store/store.js';
import { rarePart } from '../../src/store/user-list.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

const at = '2026-11-25T10:00:00.000Z';

for (const dialect of dialects) {
  describe(`store user list search on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;
    const ids = new Map<string, number>();

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url);
      // 2,500 users in one statement per 500; a few "needle" users spread among them.
      const needles = new Map([[5, 'needle-a'], [2_100, 'needle-b'], [2_300, 'needle-c'], [2_400, 'needle-d']]);
      for (let start = 0; start < 2_500; start += 500) {
        const rows = Array.from({ length: 500 }, (_, k) => {
          const n = start + k;
          const email = `${needles.get(n) ?? `hay-${n}`}@example.com`;
          return {
            email, email_normalized: email, role: n === 2_300 ? 'MODERATOR' : 'USER', locale: 'en', dark_mode: 0,
            created_at: at, updated_at: at, deleted_at: n === 2_400 ? at : null,
          };
        });
        const inserted = await store.db.insertInto('users').values(rows).returning(['id', 'email']).execute();
        for (const row of inserted) ids.set(row.email.split('@')[0]!, Number(row.id));
      }
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const search = (q: string, extra: object = {}) =>
      store.users.list({ q, includeDeleted: false, limit: 10, ...extra }).then((users) => users.map((u) => u.email.split('@')[0]));

    test('matches before and far after the first rows, in id order', async () => {
      assert.deepEqual(await search('NEEDLE'), ['needle-a', 'needle-b', 'needle-c']);
      assert.deepEqual(await search('needle', { includeDeleted: true }), ['needle-a', 'needle-b', 'needle-c', 'needle-d']);
      assert.deepEqual(await search('needle', { role: 'MODERATOR' }), ['needle-c']);
      assert.deepEqual(await search('no such thing'), []);
    });

    test('pages of a search follow the keyset with no duplicate and no gap', async () => {
      assert.deepEqual(await search('needle', { limit: 2 }), ['needle-a', 'needle-b']);
      assert.deepEqual(await search('needle', { limit: 2, afterId: ids.get('needle-b') }), ['needle-c']);
      assert.deepEqual(await search('needle', { limit: 1, afterId: ids.get('needle-a') }), ['needle-b']);
    });

    test('a common term fills its page from the first rows', async () => {
      const page = await search('hay-', { limit: 3 });
      assert.deepEqual(page, ['hay-0', 'hay-1', 'hay-2']);
      assert.deepEqual(await search('ne', { limit: 3 }), ['needle-a', 'needle-b', 'needle-c'], 'two letters: no trigram');
    });

    test('a term dense in the first rows that does not fill the page there: the rest comes from past them', async () => {
      // hay-24 and hay-240…249 among the first 500 rows, then hay-2401 on (2,400 is needle-d).
      const page = await search('hay-24', { limit: 40 });
      assert.equal(page.length, 40);
      assert.deepEqual(page.slice(9, 13), ['hay-248', 'hay-249', 'hay-2401', 'hay-2402']);
      assert.equal(new Set(page).size, 40);
    });

    test('a term with a part on every row is looked up by its rare part and still matched whole', async () => {
      assert.deepEqual(await search('needle-b@example.com'), ['needle-b']);
      assert.deepEqual(await search('HAY-2450@EXAMPLE'), ['hay-2450']);
      assert.deepEqual(await search('le-c@example.org'), [], 'the rare part matches needle-c; the whole term does not');
    });
  });
}

test('the index looks up the stretch of a term whose trigrams are rare in the sample', () => {
  const documents = Array.from({ length: 500 }, (_, i) => `user${i + 1}@example${(i + 1) % 997}.test   `);
  // "use", "ser", "er1" (user1, user10…, user100…) are common; from "r12" on, rare.
  assert.equal(rarePart('user123456@', documents), 'r123456@');
  assert.equal(rarePart('Example', documents), 'Example', 'no rare trigram: the whole term');
  assert.equal(rarePart('zoë@exam', documents), 'zoë@e', 'cut by character, never inside one');
});
