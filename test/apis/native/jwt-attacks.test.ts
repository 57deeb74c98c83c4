// Forged and stale access tokens are refused with 401, and signing keys rotate
// without cutting off the tokens already out.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { dialects } from '../../helpers/databases.js';
import { me, signedInUser } from '../../helpers/native-client.js';
import { TestClock, useTestApp } from '../../helpers/test-app.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const dialect of dialects) {
  describe(`access-token attacks on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock });
    let genuine: string;
    before(async () => {
      genuine = (await signedInUser(t.app, 'victim@example.com')).access_token;
    });

    const claimsOf = () => decodeJwt(genuine);
    const kidOf = () => decodeProtectedHeader(genuine).kid!;
    async function signWithRealKey(claims: Record<string, unknown>) {
      const [key] = await t.store.signingKeys.list();
      const privateKey = await importJWK(key!.privateJwk as JWK, 'EdDSA');
      return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key!.kid, typ: 'at+jwt' }).sign(privateKey);
    }

    test('the genuine token works (control)', async () => {
      assert.equal((await me(t.app, genuine)).statusCode, 200);
    });

    test('alg: none → 401', async () => {
      const forged = `${b64({ alg: 'none', kid: kidOf(), typ: 'JWT' })}.${b64({ ...claimsOf(), sub: '1' })}.`;
      assert.equal((await me(t.app, forged)).statusCode, 401);
    });

    test('HS256 signed with the public key as secret → 401', async () => {
      const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const publicJwk = jwks.keys.find((k: { kid: string }) => k.kid === kidOf());
      for (const secret of [JSON.stringify(publicJwk), publicJwk.x as string]) {
        const forged = await new SignJWT(claimsOf())
          .setProtectedHeader({ alg: 'HS256', kid: kidOf() })
          .sign(new TextEncoder().encode(secret));
        assert.equal((await me(t.app, forged)).statusCode, 401);
      }
    });

    test('a tampered payload → 401', async () => {
      const [header, , signature] = genuine.split('.');
      const forged = `${header}.${b64({ ...claimsOf(), sub: '999' })}.${signature}`;
      assert.equal((await me(t.app, forged)).statusCode, 401);
    });

    test('wrong aud or wrong iss, even signed with the real key → 401', async () => {
      const wrongAud = await signWithRealKey({ ...claimsOf(), aud: 'another-service' });
      const wrongIss = await signWithRealKey({ ...claimsOf(), iss: 'https://evil.example' });
      assert.equal((await me(t.app, wrongAud)).statusCode, 401);
      assert.equal((await me(t.app, wrongIss)).statusCode, 401);
      assert.equal((await me(t.app, await signWithRealKey(claimsOf()))).statusCode, 200, 'control: same key, right claims');
    });

    test('an unknown kid, signed by a key of the attacker → 401', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT(claimsOf()).setProtectedHeader({ alg: 'EdDSA', kid: 'attacker' }).sign(privateKey);
      assert.equal((await me(t.app, forged)).statusCode, 401);
      const sameKid = await new SignJWT(claimsOf()).setProtectedHeader({ alg: 'EdDSA', kid: kidOf() }).sign(privateKey);
      assert.equal((await me(t.app, sameKid)).statusCode, 401);
    });

    test('expired → 401 token_expired', async () => {
      const expired = await signWithRealKey({ ...claimsOf(), exp: Math.floor(clock.now().getTime() / 1000) - 1 });
      const res = await me(t.app, expired);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'token_expired');
    });

    test('a token for a session of another user → 401', async () => {
      const other = await signedInUser(t.app, 'other@example.com');
      const forged = await signWithRealKey({ ...claimsOf(), sid: decodeJwt(other.access_token).sid });
      assert.equal((await me(t.app, forged)).statusCode, 401);
    });

    test('rotation: a new key signs new tokens, the old one stays published until its tokens expire', async () => {
      const oldKid = kidOf();
      clock.advance(t.config.tokens.signingKeyRotationDays * 86_400 + 1);
      const fresh = await signedInUser(t.app, 'after-rotation@example.com');
      const newKid = decodeProtectedHeader(fresh.access_token).kid;
      assert.notEqual(newKid, oldKid);
      let kids = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid);
      assert.ok(kids.includes(oldKid) && kids.includes(newKid), 'both published');
      clock.advance(t.config.tokens.accessTokenTtlSeconds + 1);
      kids = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid);
      assert.deepEqual(kids, [newKid], 'the retired key is gone once its tokens have expired');
    });
  });
}
