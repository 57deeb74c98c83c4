// Where the secrets key comes from: SECRETS_KEY, the file of SECRETS_KEY_FILE, or a
// key generated once into ./data/secrets.key so that `npm start` needs no set-up. An
// in-memory SQLite database keeps nothing, so its key need not outlive the process.

import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';

export const GENERATED_KEY_FILE = './data/secrets.key';

export interface SecretsKey {
  key: Buffer;
  /** Where it was found, for the start log and `sesame copy`. */
  source: 'SECRETS_KEY' | 'SECRETS_KEY_FILE' | 'generated' | 'ephemeral';
  file: string | null;
  /** Said once at start: a generated key on PostgreSQL must reach every other process. */
  warning: string | null;
}

export function loadSecretsKey(config: Readonly<Config>): SecretsKey {
  const { key, keyFile } = config.secrets;
  if (key) return { key: Buffer.from(key, 'base64'), source: 'SECRETS_KEY', file: null, warning: null };
  if (keyFile) return { key: readKeyFile(keyFile), source: 'SECRETS_KEY_FILE', file: keyFile, warning: null };
  if (config.databaseUrl === 'sqlite::memory:') {
    return { key: randomBytes(32), source: 'ephemeral', file: null, warning: null };
  }
  const generated = readOrCreateKeyFile(GENERATED_KEY_FILE);
  const warning = config.databaseUrl.startsWith('postgres')
    ? `secrets key generated in ${GENERATED_KEY_FILE}: every Sésame process on this database needs the same key ` +
      '(set SECRETS_KEY or SECRETS_KEY_FILE on each)'
    : null;
  return { key: generated, source: 'generated', file: GENERATED_KEY_FILE, warning };
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`SECRETS_KEY_FILE=${file} cannot be read: ${(error as Error).message}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`SECRETS_KEY_FILE=${file} must hold the base64 of 32 bytes`);
  return key;
}

function readOrCreateKeyFile(file: string): Buffer {
  mkdirSync(dirname(file), { recursive: true });
  // Written whole beside it, then linked into place: of two processes starting at
  // once, the first link wins and both read the same complete key.
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readKeyFile(file);
}
