// Coin du Chef, seed 002 (utilisateurs), endpoint by endpoint on both databases,
// with the role rules: ADMIN may do everything; anyone else reads and updates only
// themselves, never their role (403 otherwise). 404 bodies as documented.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { startTestApp, TestClock, useTestApp } from '../../helpers/test-app.js';
import { CDC_PASSWORD, call, person, signedIn, token, tokenFor, signedInWithRole } from '../../helpers/coinduchef-client.js';

const FORBIDDEN = { detail: 'Droits insuffisants pour cette opération.' };
const ADMIN_PASSWORD = 'le mot de passe du chef';

interface Actor {
  token: string;
  id: number;
}

for (const dialect of dialects) {
  describe(`coinduchef utilisateurs on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    let admin: Actor;
    let jean: Actor;
    let marie: Actor;
    let modo: Actor;

    const actor = async (courriel: string, extra = {}): Promise<Actor> => {
      const { token: accessToken, user } = await signedIn(t.app, courriel, extra);
      return { token: accessToken, id: user.id };
    };


    before(async () => {
      const { user } = await t.core.accounts.createOrPromoteAdmin('chef@example.com', ADMIN_PASSWORD);
      admin = { id: user.id, ...(await tokenFor(t.app, 'chef@example.com', ADMIN_PASSWORD)) };
      jean = await actor('jean.dupont@example.com');
      marie = await actor('marie@example.com', { prenom: 'Marie', nom: 'Curie' });
      modo = await (async () => {
        const { token: accessToken, user } = await signedInWithRole(t, 'modo@example.com', 'MODERATOR');
        return { token: accessToken, id: user.id };
      })();
    });

    test('every /utilisateurs route wants a token: 401 {"detail": "Token invalide ou vide."}', async () => {
      for (const [method, path] of [
        ['GET', '/utilisateurs'],
        ['GET', `/utilisateurs/${jean.id}`],
        ['GET', '/utilisateurs/courriel/jean.dupont@example.com'],
        ['POST', '/utilisateurs'],
        ['PUT', `/utilisateurs/${jean.id}`],
        ['PATCH', `/utilisateurs/${jean.id}?q=XXX`],
        ['DELETE', `/utilisateurs/${jean.id}`],
      ] as const) {
        const response = await call(t.app, method, path, undefined, method === 'GET' || method === 'DELETE' ? undefined : {});
        assert.equal(response.statusCode, 401, `${method} ${path}`);
        assert.equal(response.headers['www-authenticate'], 'Bearer');
        assert.deepEqual(response.json(), { detail: 'Token invalide ou vide.' });
      }
    });

    test('GET /utilisateurs (ADMIN): every user in the documented shape, filtered by role', async () => {
      const all = await call(t.app, 'GET', '/utilisateurs', admin.token);
      assert.equal(all.statusCode, 200);
      const users = all.json<Record<string, unknown>[]>();
      assert.deepEqual(users.map((u) => u.courriel), ['chef@example.com', 'jean.dupont@example.com', 'marie@example.com', 'modo@example.com']);
      assert.deepEqual(users[1], {
        id: jean.id,
        prenom: 'Jean',
        nom: 'Dupont',
        courriel: 'jean.dupont@example.com',
        role: 'UTILISATEUR',
        created_at: '2026-11-25T10:00:00',
        updated_at: '2026-11-25T10:00:00',
      });
      assert.deepEqual((await call(t.app, 'GET', '/utilisateurs?role=ALL', admin.token)).json(), users);
      const roles = async (role: string) =>
        (await call(t.app, 'GET', `/utilisateurs?role=${role}`, admin.token)).json<{ courriel: string }[]>().map((u) => u.courriel);
      assert.deepEqual(await roles('ADMIN'), ['chef@example.com']);
      assert.deepEqual(await roles('MODERATEUR'), ['modo@example.com']);
      assert.deepEqual(await roles('UTILISATEUR'), ['jean.dupont@example.com', 'marie@example.com']);
      const bad = await call(t.app, 'GET', '/utilisateurs?role=CHEF', admin.token);
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json(), {
        detail: [{ loc: ['query', 'role'], msg: "Input should be 'ALL', 'ADMIN', 'MODERATEUR' or 'UTILISATEUR'", type: 'enum' }],
      });
    });

    test('GET /utilisateurs is refused to UTILISATEUR and MODERATEUR (403)', async () => {
      for (const who of [jean, modo]) {
        const response = await call(t.app, 'GET', '/utilisateurs', who.token);
        assert.equal(response.statusCode, 403);
        assert.deepEqual(response.json(), FORBIDDEN);
      }
    });

    test('GET /utilisateurs/{id}: oneself or ADMIN; documented 404 {"message": "l\'id 999"}', async () => {
      const self = await call(t.app, 'GET', `/utilisateurs/${marie.id}`, marie.token);
      assert.equal(self.statusCode, 200);
      assert.equal(self.json().prenom, 'Marie');
      assert.equal((await call(t.app, 'GET', `/utilisateurs/${marie.id}`, admin.token)).json().courriel, 'marie@example.com');
      for (const who of [jean, modo]) {
        const other = await call(t.app, 'GET', `/utilisateurs/${marie.id}`, who.token);
        assert.equal(other.statusCode, 403);
        assert.deepEqual(other.json(), FORBIDDEN);
      }
      // A non-admin learns nothing of ids: no difference between existing and missing.
      assert.equal((await call(t.app, 'GET', '/utilisateurs/999', jean.token)).statusCode, 403);
      const missing = await call(t.app, 'GET', '/utilisateurs/999', admin.token);
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { message: "l'id 999" });
      const notANumber = await call(t.app, 'GET', '/utilisateurs/abc', admin.token);
      assert.equal(notANumber.statusCode, 400);
      assert.deepEqual(notANumber.json(), {
        detail: [{ loc: ['path', 'id'], msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' }],
      });
    });

    test('GET /utilisateurs/courriel/{courriel}: oneself (any case) or ADMIN; documented 404', async () => {
      const self = await call(t.app, 'GET', '/utilisateurs/courriel/Jean.Dupont@Example.com', jean.token);
      assert.equal(self.statusCode, 200);
      assert.equal(self.json().id, jean.id);
      const byAdmin = await call(t.app, 'GET', '/utilisateurs/courriel/jean.dupont@example.com', admin.token);
      assert.deepEqual(byAdmin.json(), self.json());
      const other = await call(t.app, 'GET', '/utilisateurs/courriel/marie@example.com', jean.token);
      assert.equal(other.statusCode, 403);
      assert.equal((await call(t.app, 'GET', '/utilisateurs/courriel/inexistant@example.com', jean.token)).statusCode, 403);
      const missing = await call(t.app, 'GET', '/utilisateurs/courriel/inexistant@example.com', admin.token);
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { message: 'le courriel inexistant@example.com' });
    });

    test('POST /utilisateurs (ADMIN): 201, any role, the new account signs in; 403 for others; 400 on bad data', async () => {
      const body = person('nouvel.admin@example.com', { prenom: 'Nadia', nom: 'Admin', role: 'ADMIN' });
      assert.deepEqual((await call(t.app, 'POST', '/utilisateurs', jean.token, body)).json(), FORBIDDEN);
      assert.equal((await call(t.app, 'POST', '/utilisateurs', modo.token, body)).statusCode, 403);
      const created = await call(t.app, 'POST', '/utilisateurs', admin.token, body);
      assert.equal(created.statusCode, 201);
      assert.deepEqual(created.json(), {
        id: created.json().id,
        prenom: 'Nadia',
        nom: 'Admin',
        courriel: 'nouvel.admin@example.com',
        role: 'ADMIN',
        created_at: '2026-11-25T10:00:00',
        updated_at: '2026-11-25T10:00:00',
      });
      const { token: nadia } = await tokenFor(t.app, 'nouvel.admin@example.com');
      assert.equal((await call(t.app, 'GET', '/utilisateurs', nadia)).statusCode, 200);

      const again = await call(t.app, 'POST', '/utilisateurs', admin.token, body);
      assert.equal(again.statusCode, 400);
      assert.deepEqual(again.json(), { detail: 'Un utilisateur avec ce courriel existe déjà.' });
      const invalid = await call(t.app, 'POST', '/utilisateurs', admin.token, { prenom: 'X' });
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual(
        invalid.json().detail.map((d: { loc: string[] }) => d.loc[1]),
        ['nom', 'courriel', 'mot_de_passe'],
      );
    });

    test('PUT /utilisateurs/{id}: oneself (not one\'s role) or ADMIN; 403, 404 and 400 otherwise', async () => {
      const me = await actor('put.moi@example.com');
      clock.advance(60);
      const updated = await call(t.app, 'PUT', `/utilisateurs/${me.id}`, me.token, {
        prenom: 'Paul',
        nom: 'Martin',
        courriel: 'paul.martin@example.com',
        role: 'UTILISATEUR',
      });
      assert.equal(updated.statusCode, 200);
      assert.deepEqual(updated.json(), {
        id: me.id,
        prenom: 'Paul',
        nom: 'Martin',
        // One's own new courriel waits for the confirmation of the new address (issue 16).
        courriel: 'put.moi@example.com',
        role: 'UTILISATEUR',
        created_at: '2026-11-25T10:00:00',
        updated_at: '2026-11-25T10:01:00',
      });
      assert.equal((await token(t.app, 'paul.martin@example.com')).statusCode, 401, 'not before the new address confirms');
      assert.equal((await token(t.app, 'put.moi@example.com')).statusCode, 200);

      const promote = await call(t.app, 'PUT', `/utilisateurs/${me.id}`, me.token, {
        prenom: 'Paul', nom: 'Martin', courriel: 'paul.martin@example.com', role: 'ADMIN',
      });
      assert.equal(promote.statusCode, 403);
      assert.deepEqual(promote.json(), FORBIDDEN);
      assert.equal((await call(t.app, 'GET', `/utilisateurs/${me.id}`, admin.token)).json().role, 'UTILISATEUR');

      const other = await call(t.app, 'PUT', `/utilisateurs/${jean.id}`, me.token, { prenom: 'X', nom: 'Y', courriel: 'x@example.com' });
      assert.equal(other.statusCode, 403);
      const missing = await call(t.app, 'PUT', '/utilisateurs/999', admin.token, { prenom: 'X', nom: 'Y', courriel: 'x@example.com' });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { message: "l'id 999" });
      const incomplete = await call(t.app, 'PUT', `/utilisateurs/${me.id}`, me.token, { prenom: 'Paul' });
      assert.equal(incomplete.statusCode, 400);
      const taken = await call(t.app, 'PUT', `/utilisateurs/${me.id}`, me.token, { prenom: 'P', nom: 'M', courriel: 'marie@example.com' });
      assert.deepEqual(taken.json(), { detail: 'Un utilisateur avec ce courriel existe déjà.' });

      const byAdmin = await call(t.app, 'PUT', `/utilisateurs/${me.id}`, admin.token, {
        prenom: 'Paul', nom: 'Martin', courriel: 'paul.martin@example.com', role: 'MODERATEUR',
      });
      assert.equal(byAdmin.json().role, 'MODERATEUR');
      // The new role counts from the next request of the same token.
      assert.equal((await call(t.app, 'GET', '/recettes/?status=submitted', me.token)).statusCode, 200);
    });

    test('PUT with a new mot_de_passe: the old one stops working, other sessions end, this one goes on', async () => {
      const first = await actor('mdp@example.com');
      const { token: second } = await tokenFor(t.app, 'mdp@example.com');
      const changed = await call(t.app, 'PUT', `/utilisateurs/${first.id}`, first.token, {
        prenom: 'Jean', nom: 'Dupont', courriel: 'mdp@example.com', mot_de_passe: 'un tout nouveau secret',
        mot_de_passe_actuel: CDC_PASSWORD,
      });
      assert.equal(changed.statusCode, 200);
      assert.doesNotMatch(changed.body, /mot_de_passe/);
      assert.equal((await token(t.app, 'mdp@example.com')).statusCode, 401);
      assert.equal((await token(t.app, 'mdp@example.com', 'un tout nouveau secret')).statusCode, 200);
      assert.equal((await call(t.app, 'GET', '/users/me/', first.token)).statusCode, 200);
      assert.equal((await call(t.app, 'GET', '/users/me/', second)).statusCode, 400);

      const reset = await call(t.app, 'PATCH', `/utilisateurs/${first.id}`, admin.token, { mot_de_passe: "choisi par l'admin" });
      assert.equal(reset.statusCode, 200);
      assert.equal((await call(t.app, 'GET', '/users/me/', first.token)).statusCode, 400, 'set by an admin: every session ends');
      assert.equal((await call(t.app, 'GET', '/users/me/', admin.token)).statusCode, 200);
      const { token: again } = await tokenFor(t.app, 'mdp@example.com', "choisi par l'admin");
      first.token = again;

      const weak = await call(t.app, 'PATCH', `/utilisateurs/${first.id}`, first.token, { mot_de_passe: 'zq9!xv', mot_de_passe_actuel: "choisi par l'admin" });
      assert.equal(weak.statusCode, 400);
      assert.deepEqual(weak.json(), {
        detail: [{ loc: ['body', 'mot_de_passe'], msg: 'Le mot de passe doit contenir au moins 12 caractères.', type: 'value_error' }],
      });
    });

    test('PATCH /utilisateurs/{id}?q=XXX: a partial update, with the same rules', async () => {
      const patched = await call(t.app, 'PATCH', `/utilisateurs/${marie.id}?q=XXX`, marie.token, { nom: 'Sklodowska' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json().nom, 'Sklodowska');
      assert.equal(patched.json().prenom, 'Marie');
      assert.equal(patched.json().courriel, 'marie@example.com');
      assert.equal((await call(t.app, 'PATCH', `/utilisateurs/${marie.id}`, marie.token, {})).statusCode, 200);
      assert.equal((await call(t.app, 'PATCH', `/utilisateurs/${marie.id}`, marie.token, { role: 'MODERATEUR' })).statusCode, 403);
      assert.equal((await call(t.app, 'PATCH', `/utilisateurs/${marie.id}`, jean.token, { nom: 'X' })).statusCode, 403);
      assert.equal((await call(t.app, 'PATCH', `/utilisateurs/${marie.id}`, admin.token, { prenom: 'Maria' })).json().prenom, 'Maria');
      const badRole = await call(t.app, 'PATCH', `/utilisateurs/${marie.id}`, admin.token, { role: 'root' });
      assert.equal(badRole.statusCode, 400);
      assert.equal(badRole.json().detail[0].type, 'enum');
      assert.deepEqual((await call(t.app, 'PATCH', '/utilisateurs/999', admin.token, { nom: 'X' })).json(), { message: "l'id 999" });
    });

    test('DELETE /utilisateurs/{id} (ADMIN): 204, the account stops at once; 403 for others; 404 after', async () => {
      const doomed = await actor('adieu@example.com');
      assert.equal((await call(t.app, 'DELETE', `/utilisateurs/${doomed.id}`, doomed.token)).statusCode, 403);
      assert.equal((await call(t.app, 'DELETE', `/utilisateurs/${doomed.id}`, modo.token)).statusCode, 403);
      const deleted = await call(t.app, 'DELETE', `/utilisateurs/${doomed.id}`, admin.token);
      assert.equal(deleted.statusCode, 204);
      assert.equal(deleted.body, '');
      assert.deepEqual((await call(t.app, 'GET', '/users/me/', doomed.token)).json(), { detail: 'Token invalide ou vide.' });
      assert.equal((await token(t.app, 'adieu@example.com')).statusCode, 401);
      assert.deepEqual((await call(t.app, 'GET', `/utilisateurs/${doomed.id}`, admin.token)).json(), { message: `l'id ${doomed.id}` });
      assert.equal((await call(t.app, 'DELETE', `/utilisateurs/${doomed.id}`, admin.token)).statusCode, 404);
      const listed = (await call(t.app, 'GET', '/utilisateurs', admin.token)).json<{ id: number }[]>();
      assert.ok(!listed.some((u) => u.id === doomed.id));
    });

    test('the last ADMIN can be neither demoted (400) nor delete itself (403: its own id asks a password)', async () => {
      const solo = await dialect.create();
      const app = await startTestApp(solo);
      try {
        const { user } = await app.core.accounts.createOrPromoteAdmin('seul@example.com', ADMIN_PASSWORD);
        const { token: only } = await tokenFor(app.app, 'seul@example.com', ADMIN_PASSWORD);
        const demote = await call(app.app, 'PATCH', `/utilisateurs/${user.id}`, only, { role: 'UTILISATEUR' });
        assert.equal(demote.statusCode, 400);
        assert.deepEqual(demote.json(), { detail: 'Le dernier administrateur ne peut être ni rétrogradé ni supprimé.' });
        // Its own id through DELETE /utilisateurs/{id} (no password asked) is refused before the last-admin rule.
        const remove = await call(app.app, 'DELETE', `/utilisateurs/${user.id}`, only);
        assert.equal(remove.statusCode, 403);
        assert.equal(remove.json().detail, 'Droits insuffisants pour cette opération.');
        assert.equal((await call(app.app, 'GET', '/users/me/', only)).json().role, 'ADMIN');
      } finally {
        await app.close();
        await solo.drop();
      }
    });
  });
}
