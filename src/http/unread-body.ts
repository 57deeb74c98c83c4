// An answer given before the request body has all arrived — a 413 over the body
// limit, a 415, a refusal from an onRequest hook — closes the connection (Fastify
// sets `Connection: close`). Closing while the client is still uploading makes the
// kernel reset the connection, and the reset can discard the answer before the
// client reads it: the client sees a broken pipe instead of its 413. So the rest of
// the body is read and thrown away before the answer leaves, up to a bound past
// which an abusive upload is cut off as before.

import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Bytes read and discarded after the answer is decided; beyond, the connection is cut. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_LIMIT_MS = 10_000;

function hasUnreadBody(raw: IncomingMessage): boolean {
  if (raw.complete || raw.readableEnded || raw.destroyed) return false;
  const length = Number(raw.headers['content-length'] ?? 0);
  return length > 0 || raw.headers['transfer-encoding'] !== undefined;
}

function drain(raw: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('close', finish);
      raw.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      bytes += chunk.length;
      if (bytes > DRAIN_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_LIMIT_MS);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('close', finish);
    raw.once('error', finish);
    raw.resume();
  });
}

/** On the root instance of every port, before the APIs: it then covers all of them. */
export function drainUnreadBodies(app: FastifyInstance): void {
  // Callback style: the common case (the body was read) costs no promise.
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (!hasUnreadBody(request.raw)) return done(null, payload);
    void drain(request.raw).then(() => done(null, payload));
  });
}
