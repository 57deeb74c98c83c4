// Coin du Chef recipes (seed 003's protected /recettes routes) on both databases:
// authors write their own, MODERATEUR and ADMIN move them through
// draft → submitted → published | rejected, an invalid move is a 400.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { dialects } from '../../helpers/databases.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { call, signedIn, tokenFor, signedInWithRole } from '../../helpers/coinduchef-client.js';

const FORBIDDEN = { detail: 'Droits insuffisants pour cette opération.' };
const NOT_FOUND = { detail: 'Recette non trouvée.' };

interface Actor {
  token: string;
  id: number;
}

for (const dialect of dialects) {
  describe(`coinduchef recettes on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    let admin: Actor;
    let auteur: Actor;
    let lecteur: Actor;
    let modo: Actor;

    const actor = async (courriel: string, extra = {}): Promise<Actor> => {
      const { token: accessToken, user } = await signedIn(t.app, courriel, extra);
      return { token: accessToken, id: user.id };
    };
    const create = (who: Actor, titre = 'Tarte aux pommes', contenu = 'Pâte brisée, pommes, sucre.') =>
      call(t.app, 'POST', '/recettes/', who.token, { titre, contenu });
    const move = (who: Actor, id: number, status: string) =>
      call(t.app, 'PATCH', `/recettes/${id}/status`, who.token, { status });


    before(async () => {
      const { user } = await t.core.accounts.createOrPromoteAdmin('chef@example.com', 'le mot de passe du chef');
      admin = { id: user.id, ...(await tokenFor(t.app, 'chef@example.com', 'le mot de passe du chef')) };
      auteur = await actor('auteur@example.com');
      lecteur = await actor('lecteur@example.com');
      modo = await (async () => {
        const { token: accessToken, user } = await signedInWithRole(t, 'modo@example.com', 'MODERATOR');
        return { token: accessToken, id: user.id };
      })();
    });

    test('POST /recettes/: 201, a draft of its author, in a pinned shape', async () => {
      const response = await create(auteur);
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.deepEqual(body, {
        id: body.id,
        titre: 'Tarte aux pommes',
        contenu: 'Pâte brisée, pommes, sucre.',
        status: 'draft',
        auteur_id: auteur.id,
        created_at: '2026-11-25T10:00:00',
        updated_at: '2026-11-25T10:00:00',
      });
      assert.deepEqual((await call(t.app, 'GET', `/recettes/${body.id}`, auteur.token)).json(), body);
      assert.equal((await call(t.app, 'POST', '/recettes', auteur.token, { titre: 'Sans barre', contenu: 'ok' })).statusCode, 201);
    });

    test('POST /recettes/: without a token 401; invalid data 400 with the validation list', async () => {
      const anonymous = await call(t.app, 'POST', '/recettes/', undefined, { titre: 'x', contenu: 'y' });
      assert.equal(anonymous.statusCode, 401);
      assert.deepEqual(anonymous.json(), { detail: 'Token invalide ou vide.' });
      const missing = await call(t.app, 'POST', '/recettes/', auteur.token, { titre: 'Sans contenu' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json(), { detail: [{ loc: ['body', 'contenu'], msg: 'Field required', type: 'missing' }] });
      const blank = await create(auteur, '   ');
      assert.equal(blank.statusCode, 400);
      assert.deepEqual(blank.json(), { detail: [{ loc: ['body', 'titre'], msg: 'must not be empty', type: 'value_error' }] });
    });

    test('the lifecycle: author submits, a moderator publishes, everyone signed in reads it', async () => {
      const { id } = (await create(auteur, 'Pain', 'Farine, eau, sel, levain.')).json();
      assert.equal((await call(t.app, 'GET', `/recettes/${id}`, lecteur.token)).statusCode, 404, 'a draft is private');
      clock.advance(60);
      const submitted = await move(auteur, id, 'submitted');
      assert.equal(submitted.statusCode, 200);
      assert.equal(submitted.json().status, 'submitted');
      assert.equal(submitted.json().updated_at, '2026-11-25T10:01:00');
      const selfPublish = await move(auteur, id, 'published');
      assert.equal(selfPublish.statusCode, 403);
      assert.deepEqual(selfPublish.json(), FORBIDDEN);
      const published = await move(modo, id, 'published');
      assert.equal(published.statusCode, 200);
      assert.equal(published.json().status, 'published');
      const read = await call(t.app, 'GET', `/recettes/${id}`, lecteur.token);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().titre, 'Pain');
      const listed = (await call(t.app, 'GET', '/recettes/', lecteur.token)).json<{ id: number }[]>();
      assert.ok(listed.some((r) => r.id === id));
    });

    test('ADMIN reviews too, and rejects; invalid transitions are a 400', async () => {
      const { id } = (await create(auteur, 'Soupe', 'Eau chaude.')).json();
      const skip = await move(admin, id, 'published');
      assert.equal(skip.statusCode, 400);
      assert.deepEqual(skip.json(), {
        detail: [{ loc: ['body', 'status'], msg: 'cannot go from draft to published', type: 'value_error' }],
      });
      assert.equal((await move(admin, id, 'submitted')).statusCode, 200);
      assert.equal((await move(admin, id, 'rejected')).json().status, 'rejected');
      for (const to of ['published', 'submitted', 'draft', 'rejected']) {
        assert.equal((await move(modo, id, to)).statusCode, 400, `rejected → ${to}`);
      }
      assert.equal((await call(t.app, 'GET', `/recettes/${id}`, lecteur.token)).statusCode, 404, 'rejected stays private');
      const badStatus = await move(modo, id, 'archived');
      assert.equal(badStatus.statusCode, 400);
      assert.deepEqual(badStatus.json(), {
        detail: [{ loc: ['body', 'status'], msg: "Input should be 'draft', 'submitted', 'published' or 'rejected'", type: 'enum' }],
      });
    });

    test('two reviewers deciding at once: one wins, the other gets a 400', async () => {
      const { id } = (await create(auteur, 'Crêpes', 'Lait, œufs, farine.')).json();
      await move(auteur, id, 'submitted');
      const [a, b] = await Promise.all([move(modo, id, 'published'), move(admin, id, 'rejected')]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 400]);
      const final = (await call(t.app, 'GET', `/recettes/${id}`, auteur.token)).json().status;
      assert.equal(final, a.statusCode === 200 ? 'published' : 'rejected');
    });

    test('PUT /recettes/{recette_id}: its author only; an edit sends it back to draft for review', async () => {
      const { id } = (await create(auteur, 'Gâteau', 'Chocolat.')).json();
      await move(auteur, id, 'submitted');
      await move(modo, id, 'published');
      const edited = await call(t.app, 'PUT', `/recettes/${id}`, auteur.token, { titre: 'Gâteau moelleux', contenu: 'Chocolat, beurre.' });
      assert.equal(edited.statusCode, 200);
      assert.equal(edited.json().titre, 'Gâteau moelleux');
      assert.equal(edited.json().status, 'draft');
      assert.equal((await call(t.app, 'GET', `/recettes/${id}`, lecteur.token)).statusCode, 404);

      const { id: published } = (await create(auteur, 'Salade', 'Laitue.')).json();
      await move(auteur, published, 'submitted');
      await move(modo, published, 'published');
      for (const who of [lecteur, modo, admin]) {
        const response = await call(t.app, 'PUT', `/recettes/${published}`, who.token, { titre: 'Volée', contenu: '…' });
        assert.equal(response.statusCode, 403);
        assert.deepEqual(response.json(), FORBIDDEN);
      }
      const hidden = await call(t.app, 'PUT', `/recettes/${id}`, lecteur.token, { titre: 'x', contenu: 'y' });
      assert.equal(hidden.statusCode, 404, "someone else's draft does not show");
      assert.deepEqual(hidden.json(), NOT_FOUND);
      const missing = await call(t.app, 'PUT', '/recettes/999999', auteur.token, { titre: 'x', contenu: 'y' });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), NOT_FOUND);
      assert.equal((await call(t.app, 'PUT', `/recettes/${id}`, auteur.token, { titre: 'x' })).statusCode, 400);
    });

    test('GET /recettes/: what each may see, by status, paged', async () => {
      const other = await actor('autre.auteur@example.com');
      const { id: draft } = (await create(other, 'Brouillon', 'Secret.')).json();
      const ids = (who: Actor, query = '') =>
        call(t.app, 'GET', `/recettes/${query}`, who.token).then((r) => r.json<{ id: number; status: string; auteur_id: number }[]>());
      const forReader = await ids(lecteur);
      assert.ok(forReader.every((r) => r.status === 'published' || r.auteur_id === lecteur.id));
      assert.ok(!forReader.some((r) => r.id === draft));
      assert.ok((await ids(other)).some((r) => r.id === draft), 'an author sees their own draft');
      assert.ok((await ids(modo)).some((r) => r.id === draft), 'reviewers see everything');
      const submitted = await ids(modo, '?status=submitted');
      assert.ok(submitted.every((r) => r.status === 'submitted'));
      const all = await ids(admin);
      const page = await ids(admin, '?skip=1&limit=2');
      assert.deepEqual(page.map((r) => r.id), all.slice(1, 3).map((r) => r.id));
      assert.equal((await call(t.app, 'GET', '/recettes/?limit=0', admin.token)).statusCode, 400);
    });

    test('a number too large to be finite (1e309) in a path or query is a validation error, never a 500', async () => {
      const intParsing = (loc: string[]) => ({
        detail: [{ loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' }],
      });
      for (const [method, path, body] of [
        ['GET', '/recettes/1e309', undefined],
        ['PUT', '/recettes/1e309', { titre: 'Tarte', contenu: 'Pommes.' }],
        ['PATCH', '/recettes/-1e309/status', { status: 'submitted' }],
      ] as const) {
        const response = await call(t.app, method, path, auteur.token, body);
        assert.equal(response.statusCode, 400, `${method} ${path}`);
        assert.deepEqual(response.json(), intParsing(['path', 'recette_id']), `${method} ${path}`);
      }
      const page = await call(t.app, 'GET', '/recettes/?skip=1e309', auteur.token);
      assert.equal(page.statusCode, 400);
      assert.deepEqual(page.json(), intParsing(['query', 'skip']));
    });

    // Last: it breaks this suite's database on purpose.
    test('a database failure is a 500 {"detail", "request_id"} with nothing else, and is logged', async () => {
      await sql`drop table recipes`.execute(t.store.db);
      const response = await create(auteur);
      assert.equal(response.statusCode, 500);
      const body = response.json();
      assert.deepEqual(body, { detail: 'Internal Server Error', request_id: response.headers['x-request-id'] });
      assert.ok(t.logs.some((line) => line.includes(String(body.request_id)) && line.includes('unexpected error')));
    });
  });
}
