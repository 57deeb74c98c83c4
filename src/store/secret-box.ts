// AES-256-GCM for the secrets the store keeps (signing keys, TOTP secrets). A sealed
// value is `v1.<iv>.<ciphertext>.<tag>` in base64url; the row it belongs to is
// authenticated as additional data, so a value moved to another row does not open.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../core/ports.js';

const PREFIX = 'v1.';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
      return PREFIX + parts.join('.');
    },
    open(sealed, context) {
      const parts = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split('.') : [];
      if (parts.length !== 3) throw new Error('not a sealed secret');
      const [iv, ciphertext, tag] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a sealed secret does not open with this secrets key (SECRETS_KEY differs from the one that sealed it?)');
      }
    },
    isSealed: (value) => value.startsWith(PREFIX),
  };
}
