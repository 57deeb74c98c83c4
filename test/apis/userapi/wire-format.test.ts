// The userapi wire format, frozen: every endpoint's success and failure bodies,
// reduced to their shape (field names, order and types; messages verbatim), the
// same on SQLite and PostgreSQL. Changing this snapshot is a deliberate act: an
// existing client of the document depends on each of these lines.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../helpers/databases.js';
import { useTestApp } from '../../helpers/test-app.js';
import { call, login, register, registration, userAt, withToken } from '../../helpers/userapi-client.js';

/** Field → type, in order; `message` kept verbatim since clients show or match it. */
function shapeOf(res: LightMyRequestResponse): string {
  const body = res.json<Record<string, unknown>>();
  const fields = Object.entries(body).map(([key, value]) => {
    if (key === 'message' || key === 'success') return `${key}=${JSON.stringify(value)}`;
    const type = value === null ? 'null' : Number.isInteger(value) ? 'int' : typeof value;
    return `${key}:${type}`;
  });
  return `${res.statusCode} {${fields.join(', ')}}`;
}

const USER = 'id:int, username:string, nom:string, prenom:string, birthdate:string, email:string, level:int, has_conf:int, adding_time:int';

const SNAPSHOT = [
  'register ok: 200 {success=true, message="ok"}',
  'register taken: 409 {success=false, message="This email is already used by another account."}',
  'register bad data: 400 {success=false, message="data is not valid JSON."}',
  `login ok: 200 {${USER}, token:string, refresh:string}`,
  'login wrong: 401 {success=false, message="Wrong email or password."}',
  'update ok: 200 {success=true, message="ok"}',
  'update no token: 401 {success=false, message="Token required."}',
  'get_level ok: 200 {success=true, message="ok", level:int, id:int}',
  'get_level denied: 403 {success=false, message="Permission denied."}',
  'change_user_elev ok: 200 {success=true, message="ok"}',
  'change_user_elev bad level: 400 {success=false, message="level must be 1 (user), 2 (moderator) or 3 (admin)."}',
  `getuser ok: 200 {${USER}}`,
  'getuser unknown: 404 {success=false, message="User not in database"}',
  'regen_token ok: 200 {token:string, refresh:string}',
  'regen_token replay: 401 {success=false, message="Invalid, expired or already used refresh token."}',
  'delete unknown: 404 {success=false, message="User not in database"}',
  'delete ok: 200 {success=true, message="ok"}',
  'unknown route: 404 {success=false, message="Unknown route POST /userapi/nope."}',
];

for (const dialect of dialects) {
  describe(`userapi wire format on ${dialect.name}`, () => {
    const t = useTestApp(dialect);

    test('every endpoint, success and failure, matches the snapshot', async () => {
      const admin = await userAt(t, 3);
      const data = registration();
      const lines: string[] = [];
      const record = (name: string, res: LightMyRequestResponse) => lines.push(`${name}: ${shapeOf(res)}`);
      const as = (path: string, query: Record<string, string>, token = admin.token) =>
        call(t.app, path, { query, headers: withToken(token) });

      record('register ok', await register(t.app, data));
      record('register taken', await register(t.app, { ...data, username: `${data.username}_2` }));
      record('register bad data', await call(t.app, '/register', { query: { data: '{' } }));
      const logged = await login(t.app, data.email, data.password);
      record('login ok', logged);
      record('login wrong', await login(t.app, data.email, 'not the password at all'));
      const user = logged.json<{ id: number; token: string; refresh: string }>();
      record('update ok', await as('/update', { data: JSON.stringify({ prenom: 'Jean' }) }, user.token));
      record('update no token', await call(t.app, '/update', { query: { data: '{}' } }));
      record('get_level ok', await as('/get_level', { id: String(user.id) }));
      record('get_level denied', await as('/get_level', { id: String(admin.id) }, user.token));
      record('change_user_elev ok', await as('/change_user_elev', { id: String(user.id), level: '2' }));
      record('change_user_elev bad level', await as('/change_user_elev', { id: String(user.id), level: '9' }));
      record('getuser ok', await as('/getuser', { id: String(user.id) }));
      record('getuser unknown', await as('/getuser', { id: '424242' }));
      const regen = () => call(t.app, '/regen_token', { query: { id: String(user.id) }, headers: withToken(user.refresh) });
      record('regen_token ok', await regen());
      record('regen_token replay', await regen());
      record('delete unknown', await as('/delete', { id: '424242' }));
      record('delete ok', await as('/delete', { id: String(user.id) }));
      record('unknown route', await call(t.app, '/nope'));

      assert.deepEqual(lines, SNAPSHOT);
    });
  });
}
