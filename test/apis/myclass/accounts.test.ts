// Seed 000 §1–3 on SQLite and PostgreSQL: add_user_account, get_user_account,
// update_user_account, endpoint by endpoint, with their error cases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { activateInStore, addAccount, call, failure, loggedIn, login, PWD } from '../../helpers/myclass-client.js';
import { passwordGrant } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`myclass accounts on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });

    describe('add_user_account/', () => {
      test('creates the account from Name, Surname, Email, Pwd: status true and a text', async () => {
        const res = await addAccount(t.app, 'ana@example.com');
        assert.equal(res.statusCode, 200);
        assert.equal(res.answer.status, true);
        assert.match(String(res.answer.message), /Compte créé.*ana@example\.com/);
        const user = await t.store.users.findByEmail('ana@example.com');
        assert.equal(user?.firstName, 'Ana');
        assert.equal(user?.lastName, 'Lopez');
        assert.equal(user?.emailVerifiedAt, null, 'not active until the activation link is opened');
        assert.equal(user?.locale, 'fr');
      });

      test('accepts a form body, a query string, any case of the names, with or without the slash', async () => {
        const form = await call(
          t.app,
          'add_user_account/',
          { name: 'Bo', SURNAME: 'Li', email: 'form@example.com', pwd: PWD },
          { as: 'form' },
        );
        assert.equal(form.answer.status, true, form.body);
        const query = await call(
          t.app,
          'add_user_account',
          { Name: 'Cy', Surname: 'Ng', Email: 'query@example.com', Pwd: PWD },
          { as: 'query' },
        );
        assert.equal(query.answer.status, true, query.body);
        assert.ok(await t.store.users.findByEmail('form@example.com'));
        assert.ok(await t.store.users.findByEmail('query@example.com'));
      });

      test("accepts Postman's form-data (multipart), ignoring file parts", async () => {
        const form = new FormData();
        form.set('Name', 'Dé');
        form.set('Surname', 'Multi');
        form.set('Email', 'multipart@example.com');
        form.set('Pwd', PWD);
        form.set('avatar', new Blob(['GIF89a']), 'avatar.gif');
        const encoded = new Response(form);
        const res = await t.app.inject({
          method: 'POST',
          url: '/myclass/api/add_user_account/',
          headers: { 'content-type': encoded.headers.get('content-type')! },
          payload: Buffer.from(await encoded.arrayBuffer()),
        });
        assert.equal(res.json().status, true, res.body);
        assert.equal((await t.store.users.findByEmail('multipart@example.com'))?.firstName, 'Dé');
        const noBoundary = await t.app.inject({
          method: 'POST',
          url: '/myclass/api/add_user_account/',
          headers: { 'content-type': 'multipart/form-data' },
          payload: 'x',
        });
        assert.equal(noBoundary.json().status, false);
      });

      test('the language of the account comes from lang or Accept-Language', async () => {
        await addAccount(t.app, 'lang@example.com', { lang: 'es' });
        assert.equal((await t.store.users.findByEmail('lang@example.com'))?.locale, 'es');
        const res = await call(
          t.app,
          'add_user_account',
          { Name: 'D', Surname: 'E', Email: 'accept@example.com', Pwd: PWD },
          { headers: { 'accept-language': 'de-DE,de;q=0.9' } },
        );
        assert.equal(res.answer.status, true);
        assert.match(String(res.answer.message), /^Account created/, 'answers in English to a non-French client');
        assert.equal((await t.store.users.findByEmail('accept@example.com'))?.locale, 'de');
        assert.match(failure(await addAccount(t.app, 'badlang@example.com', { lang: 'xx' })), /lang/);
      });

      test('each missing field is named, and nothing is created', async () => {
        for (const field of ['Name', 'Surname', 'Email', 'Pwd']) {
          const params: Record<string, string> = { Name: 'A', Surname: 'B', Email: 'missing@example.com', Pwd: PWD };
          delete params[field];
          const message = failure(await call(t.app, 'add_user_account/', params));
          assert.match(message, new RegExp(`${field} est obligatoire`));
        }
        assert.equal(await t.store.users.findByEmail('missing@example.com'), null);
      });

      test('an invalid email, a weak password, a taken email (any case) → status false, clear text', async () => {
        assert.match(failure(await addAccount(t.app, 'not-an-email')), /Email doit être une adresse email valide/);
        assert.match(failure(await addAccount(t.app, 'weak@example.com', { Pwd: 'short' })), /Mot de passe refusé.*trop court.*12/);
        const same = await addAccount(t.app, 'weakpassword@example.com', { Pwd: 'weakpassword' });
        assert.match(failure(same), /identique à l'email/);
        assert.equal(await t.store.users.findByEmail('weak@example.com'), null);
        assert.equal(await t.store.users.findByEmail('weakpassword@example.com'), null);
        assert.match(failure(await addAccount(t.app, ' ANA@Example.com ')), /Un compte existe déjà avec cet email/);
      });

      test('two parallel creations with one email make one account', async () => {
        const results = await Promise.all([addAccount(t.app, 'twice@example.com'), addAccount(t.app, 'TWICE@example.com')]);
        assert.deepEqual(results.map((r) => r.answer.status).sort(), [false, true]);
      });

      test('a JSON body that is not an object, or an unreadable one, is refused in the same shape', async () => {
        const array = await t.app.inject({ method: 'POST', url: '/myclass/api/add_user_account/', payload: [1, 2] });
        assert.equal(array.json().status, false);
        const broken = await t.app.inject({
          method: 'POST',
          url: '/myclass/api/add_user_account/',
          headers: { 'content-type': 'application/json' },
          payload: '{"Email": ',
        });
        assert.equal(broken.statusCode, 400);
        assert.deepEqual(Object.keys(broken.json()).sort(), ['message', 'status']);
        assert.equal(broken.json().status, false);
      });
    });

    describe('get_user_account/', () => {
      test('returns every field of the account, never the password', async () => {
        const token = await loggedIn(t.app, t.store, 'get@example.com');
        const res = await call(t.app, 'get_user_account/', { email: 'get@example.com', token });
        assert.equal(res.answer.status, true);
        const account = res.answer.message as Record<string, unknown>;
        assert.equal(account.email, 'get@example.com');
        assert.equal(account.name, 'Ana');
        assert.equal(account.surname, 'Lopez');
        assert.equal(account.active, true);
        assert.doesNotMatch(res.body, /pwd|password|argon2|hash/i);
      });

      test('the email is the key, in any case; the token may come as Authorization: Bearer', async () => {
        const token = await loggedIn(t.app, t.store, 'bearer@example.com');
        const res = await call(
          t.app,
          'get_user_account',
          { EMAIL: 'Bearer@Example.com' },
          { as: 'query', headers: { authorization: `Bearer ${token}` } },
        );
        assert.equal(res.answer.status, true, res.body);
      });

      test('without email or without token → status false', async () => {
        const token = await loggedIn(t.app, t.store, 'noemail@example.com');
        assert.match(failure(await call(t.app, 'get_user_account/', { token })), /email est obligatoire/);
        assert.match(failure(await call(t.app, 'get_user_account/', { email: 'noemail@example.com' })), /Token manquant/);
      });
    });

    describe('update_user_account/', () => {
      test('updates only the fields given; adr_county (the typo) and adr_country both set the country', async () => {
        const token = await loggedIn(t.app, t.store, 'upd@example.com');
        const first = await call(t.app, 'update_user_account/', {
          email: 'upd@example.com',
          token,
          adr_street: '1 rue de la Paix',
          adr_city: 'Paris',
          adr_zip: '75002',
          adr_county: 'France',
          mob_phone: '+33600000000',
          facebook: 'fb.com/ana',
          twitter: '@ana',
        });
        assert.equal(first.answer.status, true, first.body);
        assert.match(String(first.answer.message), /Compte mis à jour/);
        const second = await call(
          t.app,
          'update_user_account',
          { email: 'upd@example.com', token, ADR_CITY: 'Lyon', adr_country: 'FR' },
          { as: 'form' },
        );
        assert.equal(second.answer.status, true, second.body);
        const account = (await call(t.app, 'get_user_account', { email: 'upd@example.com', token })).answer
          .message as Record<string, unknown>;
        assert.equal(account.adr_street, '1 rue de la Paix', 'a field not given is kept');
        assert.equal(account.adr_city, 'Lyon');
        assert.equal(account.adr_zip, '75002');
        assert.equal(account.adr_county, 'FR');
        assert.equal(account.adr_country, 'FR');
        assert.equal(account.mob_phone, '+33600000000');
        assert.equal(account.facebook, 'fb.com/ana');
        assert.equal(account.twitter, '@ana');
      });

      test('an empty value clears a field', async () => {
        const token = await loggedIn(t.app, t.store, 'clear@example.com');
        await call(t.app, 'update_user_account', { email: 'clear@example.com', token, twitter: '@x' });
        await call(t.app, 'update_user_account', { email: 'clear@example.com', token, twitter: '' });
        assert.equal((await t.store.users.findByEmail('clear@example.com'))?.social.twitter, null);
      });

      test('no updatable field, a too long value, no token → status false and nothing changed', async () => {
        const token = await loggedIn(t.app, t.store, 'noupd@example.com');
        assert.match(failure(await call(t.app, 'update_user_account', { email: 'noupd@example.com', token })), /Aucun champ/);
        const long = await call(t.app, 'update_user_account', {
          email: 'noupd@example.com',
          token,
          adr_city: 'x'.repeat(201),
          adr_zip: '1000',
        });
        assert.match(failure(long), /adr_city doit faire au plus 200 caractères/);
        const noToken = await call(t.app, 'update_user_account', { email: 'noupd@example.com', adr_zip: '1' });
        assert.match(failure(noToken), /Token manquant/);
        assert.equal((await t.store.users.findByEmail('noupd@example.com'))?.address.zip, null);
      });
    });

    describe('one account for every API', () => {
      test('an account made here signs in on /v1/token, and one made on /v1 logs in here', async () => {
        await addAccount(t.app, 'cross@example.com');
        await activateInStore(t.store, 'cross@example.com');
        assert.equal((await passwordGrant(t.app, 'cross@example.com', PWD)).statusCode, 200);
        const signup = await t.app.inject({
          method: 'POST',
          url: '/v1/signup',
          payload: { email: 'native@example.com', password: PWD },
        });
        assert.equal(signup.statusCode, 201);
        await activateInStore(t.store, 'native@example.com');
        assert.equal(typeof (await login(t.app, 'native@example.com')), 'string');
      });
    });
  });
}
