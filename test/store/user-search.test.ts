// The administration's search (`q`) on both databases: the same answers whether
// the id-ordered window or the trigram index finds them (a common term fills a page
// from the window, a rare one comes from the index), kept in step with updates and
// deletions, with LIKE's special characters taken literally.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type KyselyStore } from '../../src/store/store.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';

const now = new Date('2026-11-25T10:00:00.000Z');

for (const dialect of dialects) {
  describe(`user search on ${dialect.name}`, () => {
    let database: TestDatabase;
    let store: KyselyStore;
    const ids: Record<string, number> = {};

    before(async () => {
      database = await dialect.create();
      store = await openStore(database.url);
      const people = [
        ['ada@example.com', 'Ada', 'Lovelace', 'countess'],
        ['alan@example.com', 'Alan', 'Turing', 'enigma'],
        ['grace@example.com', 'Grace', 'Hopper', 'cobol'],
        ['edsger@example.com', 'Edsger', 'Dijkstra', 'shortest'],
        ['odd%_"name@example.org', 'Zoë', 'O"Brien', null],
      ] as const;
      for (const [email, firstName, lastName, username] of people) {
        const user = await store.users.insert({ email, firstName, lastName, username, role: 'USER', locale: 'en' }, now);
        ids[firstName] = user.id;
      }
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    const search = async (q: string, extra: { limit?: number; afterId?: number; includeDeleted?: boolean } = {}) =>
      (await store.users.list({ q, includeDeleted: false, limit: 50, ...extra })).map((user) => user.id);

    test('a common term fills its page in id order, and the next page continues after the cursor', async () => {
      assert.deepEqual(await search('example.com', { limit: 2 }), [ids.Ada, ids.Alan]);
      assert.deepEqual(await search('example.com', { limit: 2, afterId: ids.Alan }), [ids.Grace, ids.Edsger]);
    });

    test('a rare term is found in any searched column, case-insensitively', async () => {
      assert.deepEqual(await search('HOPP'), [ids.Grace]);
      assert.deepEqual(await search('enigm'), [ids.Alan]);
      assert.deepEqual(await search('ksTRA'), [ids.Edsger]);
      assert.deepEqual(await search('alan@exa'), [ids.Alan]);
      assert.deepEqual(await search('nobody-has-this'), []);
    });

    test('terms shorter than a trigram still match', async () => {
      assert.deepEqual(await search('dij'), [ids.Edsger]);
      assert.deepEqual(await search('ov'), [ids.Ada]);
    });

    test('%, _ and quotes are literal characters, not patterns or query syntax', async () => {
      assert.deepEqual(await search('%_"'), [ids['Zoë']]);
      assert.deepEqual(await search('o"b'), [ids['Zoë']]);
      assert.deepEqual(await search('a%e'), []);
    });

    test('renamed and deleted users are searched by what they are now', async () => {
      await store.users.update(ids.Grace!, { lastName: 'Brewster' }, now);
      assert.deepEqual(await search('hopper'), []);
      assert.deepEqual(await search('brewst'), [ids.Grace]);
      await store.users.setDeleted(ids.Alan!, now, now);
      assert.deepEqual(await search('turing'), []);
      assert.deepEqual(await search('turing', { includeDeleted: true }), [ids.Alan]);
    });
  });
}
