// `sesame export [--output FILE]`: every account as JSON lines with the import's
// native field names, its current hash (argon2id, or a foreign one not upgraded yet,
// named in hash_format so a re-import reads it right) and its legacy ids per API.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { storedHashFormat, type DeclaredFormat, type StoredHashFormat } from '../core/legacy-hashes/formats.js';
import { adapterMigrations } from '../apis/domains.js';
import { exportAccounts } from '../store/export-rows.js';
import { openStore } from '../store/store.js';

export const EXPORT_USAGE = 'sesame export [--output FILE]';

const DECLARED: Record<StoredHashFormat, DeclaredFormat> = {
  argon2id: 'argon2id',
  argon2: 'argon2',
  bcrypt: 'bcrypt',
  'werkzeug-pbkdf2': 'werkzeug',
  'werkzeug-scrypt': 'werkzeug',
  'django-pbkdf2': 'django-pbkdf2',
  'wrapped-sha256-base64': 'wrapped-sha256-base64',
  'wrapped-sha256-base64-base64': 'wrapped-sha256-base64-base64',
};

export async function exportCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { output: { type: 'string' } } });
  const store = await openStore(config.databaseUrl, { migrations: adapterMigrations });
  const out = values.output ? createWriteStream(values.output) : process.stdout;
  let count = 0;
  try {
    for await (const a of exportAccounts(store.db)) {
      const format = a.passwordHash ? storedHashFormat(a.passwordHash) : null;
      const line = JSON.stringify({
        id: a.id,
        email: a.email,
        username: a.username,
        first_name: a.firstName,
        last_name: a.lastName,
        title: a.title,
        phone: a.phone,
        birthdate: a.birthdate,
        locale: a.locale,
        address: a.address,
        social: a.social,
        dark_mode: a.darkMode,
        role: a.role.toLowerCase(),
        email_verified: a.emailVerifiedAt !== null,
        email_verified_at: a.emailVerifiedAt?.toISOString() ?? null,
        created_at: a.createdAt.toISOString(),
        deleted_at: a.deletedAt?.toISOString() ?? null,
        password_hash: a.passwordHash,
        hash_format: format ? DECLARED[format] : null,
        legacy_ids: a.legacyIds,
      });
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      count += 1;
    }
  } finally {
    await store.close();
  }
  if (out !== process.stdout) {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    console.error(`Exported ${count} accounts to ${values.output}.`);
  }
  return 0;
}
