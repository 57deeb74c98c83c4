// The keys that sign OpenID Connect ID tokens: RS256 (the default every relying
// party supports) and ES256, made by the service and kept sealed in the same table
// as the EdDSA access-token keys, rotated after SIGNING_KEY_ROTATION_DAYS. A retired
// key stays published one ID-token lifetime, so tokens it signed still verify.
// Every process reads them from the database, so a rotation made by one is seen by all.

import { exportJWK, generateKeyPair } from 'jose';
import type { CoreDeps } from './deps.js';
import type { SigningAlg, SigningKey } from './model.js';
import { randomId } from './opaque-tokens.js';

const ID_TOKEN_ALGS = ['RS256', 'ES256'] as const;
/** How long a retired ID-token key stays published (longer than any ID token lives). */
const RETIRED_PUBLICATION_MS = 86_400_000;

export class IdTokenKeys {
  constructor(private readonly deps: CoreDeps) {}

  /** Makes sure each ID-token algorithm has a current key, rotating one that is too old. */
  async ensure(): Promise<SigningKey[]> {
    const now = this.deps.clock.now();
    const maxAgeMs = this.deps.settings.tokens.signingKeyRotationDays * 86_400_000;
    let keys = await this.deps.store.signingKeys.list();
    let changed = false;
    for (const alg of ID_TOKEN_ALGS) {
      const current = newestCurrent(keys, alg);
      if (current && now.getTime() - current.createdAt.getTime() < maxAgeMs) continue;
      await this.deps.store.signingKeys.insert(await generate(alg, now));
      if (current) await this.deps.store.signingKeys.retire(current.kid, now);
      changed = true;
    }
    if (changed) keys = await this.deps.store.signingKeys.list();
    return keys;
  }

  /** The private keys the provider signs with: the current key of each algorithm, EdDSA included. */
  async signingJwks(): Promise<Record<string, unknown>[]> {
    const keys = await this.ensure();
    return (['RS256', 'ES256', 'EdDSA'] as const)
      .map((alg) => newestCurrent(keys, alg))
      .filter((key): key is SigningKey => key !== undefined)
      .map((key) => ({ ...key.privateJwk, kid: key.kid, alg: key.alg, use: 'sig' }));
  }

  /** The public ID-token keys to publish beside the access-token keys. */
  async publicJwks(): Promise<Record<string, unknown>[]> {
    const keys = await this.ensure();
    const now = this.deps.clock.now().getTime();
    return keys
      .filter((key) => key.alg !== 'EdDSA')
      .filter((key) => key.retiredAt === null || now < key.retiredAt.getTime() + RETIRED_PUBLICATION_MS)
      .map((key) => key.publicJwk);
  }
}

function newestCurrent(keys: SigningKey[], alg: SigningAlg): SigningKey | undefined {
  let newest: SigningKey | undefined;
  for (const key of keys) {
    if (key.alg !== alg || key.retiredAt) continue;
    if (!newest || key.createdAt > newest.createdAt) newest = key;
  }
  return newest;
}

async function generate(alg: 'RS256' | 'ES256', now: Date): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const kid = randomId(9);
  return {
    kid,
    alg,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    createdAt: now,
    retiredAt: null,
  };
}
