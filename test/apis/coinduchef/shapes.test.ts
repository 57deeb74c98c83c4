// Coin du Chef's wire format, pinned: one scripted conversation touching every
// endpoint of seeds 002 + 003, successes and errors, recorded (status, the
// headers a client reads, body) and compared whole with __snapshots__/shapes.json.
// The same file serves both databases, so the answers are identical on each.
// Tokens are replaced by <jwt> and ids by <integer> (PostgreSQL spends an id on a
// refused insert, SQLite does not); timestamps come from the test clock.

import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../helpers/databases.js';
import { matchSnapshotFile } from '../../helpers/snapshots.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';
import { BASE, call, person, register, token } from '../../helpers/coinduchef-client.js';

const SNAPSHOT = 'test/apis/coinduchef/__snapshots__/shapes.json';

function record(response: LightMyRequestResponse) {
  const headers: Record<string, string> = {};
  for (const name of ['www-authenticate', 'cache-control', 'retry-after', 'allow']) {
    const value = response.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const text = response.body.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>');
  return {
    http: response.statusCode,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    body: text === '' ? null : JSON.parse(text, (key, value) => (/^(id|auteur_id)$/.test(key) && Number.isInteger(value) ? '<integer>' : value)),
  };
}

for (const dialect of dialects) {
  describe(`coinduchef wire format on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    test('every endpoint answers exactly as pinned', async () => {
      const shapes: Record<string, unknown> = {};
      const keep = async (name: string, pending: Promise<LightMyRequestResponse>) => {
        const response = await pending;
        shapes[name] = record(response);
        return response;
      };

      await t.core.accounts.createOrPromoteAdmin('admin@example.com', 'le mot de passe du chef');
      const adminToken = (await token(t.app, 'admin@example.com', 'le mot de passe du chef')).json().access_token;

      const jeanId = (await keep('register ok', register(t.app, person('jean.dupont@example.com')))).json().id as number;
      // A self-service sign-up is never above a user (issue 16): the moderator is promoted afterwards.
      await keep('register moderator refused', register(t.app, person('modo@example.com', { prenom: 'Mo', nom: 'Dérateur', role: 'MODERATEUR' })));
      const modoId = (await register(t.app, person('modo@example.com', { prenom: 'Mo', nom: 'Dérateur' }))).json().id as number;
      await t.store.users.update(modoId, { role: 'MODERATOR' }, t.core.deps.clock.now());
      await keep('register ADMIN refused', register(t.app, person('chef@example.com', { role: 'ADMIN' })));
      await keep('register existing user', register(t.app, person('jean.dupont@example.com')));
      await keep('register missing fields', register(t.app, {}));
      await keep('register invalid values', register(t.app, { prenom: '', nom: 'x'.repeat(201), courriel: 'non', mot_de_passe: 'court', role: 'chef' }));
      await keep('register weak password', register(t.app, person('faible@example.com', { mot_de_passe: 'court' })));
      await keep('register malformed JSON', t.app.inject({ method: 'POST', url: `${BASE}/register`, headers: { 'content-type': 'application/json' }, payload: '{' }));
      await keep('register not JSON', t.app.inject({ method: 'POST', url: `${BASE}/register`, headers: { 'content-type': 'text/plain' }, payload: 'prenom=Jean' }));

      const issued = await keep('token ok', token(t.app, 'jean.dupont@example.com'));
      const jean = issued.json().access_token as string;
      const modo = (await token(t.app, 'modo@example.com')).json().access_token as string;
      await keep('token bad credentials', token(t.app, 'jean.dupont@example.com', 'pas le bon'));
      await keep('token missing fields', t.app.inject({ method: 'POST', url: `${BASE}/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' }));

      await keep('users/me ok', call(t.app, 'GET', '/users/me/', jean));
      await keep('users/me no token', call(t.app, 'GET', '/users/me/'));
      await keep('users/me bad token', call(t.app, 'GET', '/users/me/', 'abc'));

      await keep('utilisateurs list (ADMIN)', call(t.app, 'GET', '/utilisateurs?role=ALL', adminToken));
      await keep('utilisateurs list by role', call(t.app, 'GET', '/utilisateurs?role=MODERATEUR', adminToken));
      await keep('utilisateurs list bad role', call(t.app, 'GET', '/utilisateurs?role=chef', adminToken));
      await keep('utilisateurs list (UTILISATEUR)', call(t.app, 'GET', '/utilisateurs', jean));
      await keep('utilisateurs list no token', call(t.app, 'GET', '/utilisateurs'));
      await keep('utilisateur by id', call(t.app, 'GET', `/utilisateurs/${jeanId}`, jean));
      await keep('utilisateur by id 404', call(t.app, 'GET', '/utilisateurs/999', adminToken));
      await keep('utilisateur by id not a number', call(t.app, 'GET', '/utilisateurs/abc', adminToken));
      await keep('utilisateur by id of another', call(t.app, 'GET', `/utilisateurs/${modoId}`, jean));
      await keep('utilisateur by courriel', call(t.app, 'GET', '/utilisateurs/courriel/jean.dupont@example.com', adminToken));
      await keep('utilisateur by courriel 404', call(t.app, 'GET', '/utilisateurs/courriel/inexistant@example.com', adminToken));
      const creeId = (await keep('utilisateur create', call(t.app, 'POST', '/utilisateurs', adminToken, person('cree@example.com', { prenom: 'Créé', role: 'ADMIN' })))).json().id as number;
      await keep('utilisateur create (UTILISATEUR)', call(t.app, 'POST', '/utilisateurs', jean, person('x@example.com')));
      clock.advance(90);
      await keep('utilisateur put', call(t.app, 'PUT', `/utilisateurs/${jeanId}`, jean, { prenom: 'Jeanne', nom: 'Dupont', courriel: 'jean.dupont@example.com' }));
      await keep('utilisateur put missing fields', call(t.app, 'PUT', `/utilisateurs/${jeanId}`, jean, { prenom: 'Jeanne' }));
      await keep('utilisateur put own role', call(t.app, 'PUT', `/utilisateurs/${jeanId}`, jean, { prenom: 'J', nom: 'D', courriel: 'jean.dupont@example.com', role: 'ADMIN' }));
      await keep('utilisateur patch ?q=XXX', call(t.app, 'PATCH', `/utilisateurs/${jeanId}?q=XXX`, jean, { nom: 'Durand' }));
      await keep('utilisateur patch 404', call(t.app, 'PATCH', '/utilisateurs/999', adminToken, { nom: 'Durand' }));
      await keep('utilisateur delete', call(t.app, 'DELETE', `/utilisateurs/${creeId}`, adminToken));
      await keep('utilisateur delete (UTILISATEUR)', call(t.app, 'DELETE', `/utilisateurs/${modoId}`, jean));
      await keep('utilisateur get deleted', call(t.app, 'GET', `/utilisateurs/courriel/cree@example.com`, adminToken));
      await keep('utilisateur delete 404', call(t.app, 'DELETE', '/utilisateurs/999', adminToken));

      const recipeId = (await keep('recette create', call(t.app, 'POST', '/recettes/', jean, { titre: 'Tarte', contenu: 'Pommes.' }))).json().id as number;
      await keep('recette create invalid', call(t.app, 'POST', '/recettes/', jean, { titre: '' }));
      await keep('recette list', call(t.app, 'GET', '/recettes/', jean));
      await keep('recette get', call(t.app, 'GET', `/recettes/${recipeId}`, jean));
      await register(t.app, person('lecteur@example.com'));
      const lecteur = (await token(t.app, 'lecteur@example.com')).json().access_token as string;
      await keep('recette get hidden draft', call(t.app, 'GET', `/recettes/${recipeId}`, lecteur));
      await keep('recette bad token', call(t.app, 'GET', `/recettes/${recipeId}`, `${jean.slice(0, -2)}xx`));
      await keep('recette put', call(t.app, 'PUT', `/recettes/${recipeId}`, jean, { titre: 'Tarte fine', contenu: 'Pommes, pâte.' }));
      await keep('recette put by another', call(t.app, 'PUT', `/recettes/${recipeId}`, modo, { titre: 'x', contenu: 'y' }));
      await keep('recette status submitted', call(t.app, 'PATCH', `/recettes/${recipeId}/status`, jean, { status: 'submitted' }));
      await keep('recette status by author', call(t.app, 'PATCH', `/recettes/${recipeId}/status`, jean, { status: 'published' }));
      await keep('recette status published', call(t.app, 'PATCH', `/recettes/${recipeId}/status`, modo, { status: 'published' }));
      await keep('recette status invalid transition', call(t.app, 'PATCH', `/recettes/${recipeId}/status`, modo, { status: 'rejected' }));
      await keep('recette status unknown value', call(t.app, 'PATCH', `/recettes/${recipeId}/status`, modo, { status: 'archived' }));
      await keep('recette 404', call(t.app, 'GET', '/recettes/999', jean));

      await keep('unknown path', call(t.app, 'GET', '/inconnu'));
      await keep('known path, other method', call(t.app, 'GET', '/token'));
      matchSnapshotFile(SNAPSHOT, shapes);
    });
  });
}
