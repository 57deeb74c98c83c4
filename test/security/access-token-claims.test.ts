// Access tokens are RFC 9068 `at+jwt` with a canonical user id as `sub`: a JWT signed
// with the real key but of another type, or naming the user as "02", "2.0" or " 2",
// is refused by every API that takes Bearer tokens, as a forged one would be.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../helpers/databases.js';
import { signedInUser } from '../helpers/native-client.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** One authenticated read per Bearer API; each answers 200 for a good token. */
const apis: Record<string, (t: TestApp, token: string) => Promise<LightMyRequestResponse>> = {
  native: (t, token) => t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) }),
  userapi: (t, token) => t.app.inject({ method: 'POST', url: '/userapi/getuser', headers: bearer(token) }),
  coinduchef: (t, token) => t.app.inject({ method: 'GET', url: '/coinduchef-auth/users/me/', headers: bearer(token) }),
};

for (const dialect of dialects) {
  describe(`access token typ and sub on ${dialect.name}`, () => {
    const t = useTestApp(dialect);
    let claims: JWTPayload;
    let kid: string;
    before(async () => {
      const genuine = (await signedInUser(t.app, 'holder@example.com')).access_token;
      claims = decodeJwt(genuine);
      kid = decodeProtectedHeader(genuine).kid!;
      assert.equal(decodeProtectedHeader(genuine).typ, 'at+jwt', 'issued tokens say what they are');
    });

    async function signWithRealKey(header: { typ?: string }, payload: JWTPayload) {
      const key = (await t.store.signingKeys.list()).find((k) => k.kid === kid)!;
      const privateKey = await importJWK(key.privateJwk as JWK, 'EdDSA');
      return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, ...header }).sign(privateKey);
    }

    async function refusedEverywhere(token: string, what: string) {
      for (const [name, read] of Object.entries(apis)) {
        const garbage = await read(t, 'not-a-token');
        const res = await read(t, token);
        assert.notEqual(res.statusCode, 200, `${name} refuses ${what}`);
        assert.equal(res.statusCode, garbage.statusCode, `${name} answers ${what} as it answers a bad token`);
        assert.deepEqual(Object.keys(res.json()).sort(), Object.keys(garbage.json()).sort(), `${name}'s own error shape`);
      }
    }

    test('control: the real key, typ at+jwt and the canonical sub are accepted by every Bearer API', async () => {
      const token = await signWithRealKey({ typ: 'at+jwt' }, { ...claims, jti: 'control' });
      for (const [name, read] of Object.entries(apis)) assert.equal((await read(t, token)).statusCode, 200, name);
    });

    test('a JWT of another type (or of none) is refused by every Bearer API', async () => {
      await refusedEverywhere(await signWithRealKey({ typ: 'JWT' }, claims), 'typ JWT');
      await refusedEverywhere(await signWithRealKey({ typ: 'id_token+jwt' }, claims), 'typ id_token+jwt');
      await refusedEverywhere(await signWithRealKey({}, claims), 'no typ');
    });

    test('sub naming the user in a non-canonical way is refused by every Bearer API', async () => {
      const id = String(claims.sub);
      for (const sub of [`0${id}`, `${id}.0`, ` ${id}`, `${id} `, `+${id}`, `${id}e0`, `0x${Number(id).toString(16)}`]) {
        await refusedEverywhere(await signWithRealKey({ typ: 'at+jwt' }, { ...claims, sub }), `sub ${JSON.stringify(sub)}`);
      }
    });
  });
}
