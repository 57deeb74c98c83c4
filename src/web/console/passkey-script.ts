// The console's one script (src/web/assets/passkeys.js), read once at start and
// served from our own origin under a name that carries its content hash, so it
// may be cached for a year: a new version is a new URL.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** Next to the compiled code (the build copies it), else in src/ (tsx). */
const SOURCE = readFileSync(new URL('../assets/passkeys.js', import.meta.url));

export const PASSKEY_SCRIPT_PATH = `/account/assets/passkeys-${createHash('sha256').update(SOURCE).digest('hex').slice(0, 16)}.js`;

export function servePasskeyScript(app: FastifyInstance): void {
  app.get(PASSKEY_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(SOURCE),
  );
}
