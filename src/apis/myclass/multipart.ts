// multipart/form-data bodies, the default "form-data" of Postman that seed 000's
// document uses for its examples: text fields are read as parameters; file parts
// are not parameters of any endpoint and are ignored. The body limit of the app
// bounds what is read.

import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../core/errors.js';

const MAX_FIELDS = 100;

function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export function parseMultipart(body: string, contentType: string): Record<string, string> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new CoreError('validation_failed', { fields: { body: ['must be a readable form'] } });
  const fields: Record<string, string> = Object.create(null);
  const parts = body.split(`--${boundary}`);
  // parts[0] is the preamble; the last one starts with "--" (the closing delimiter).
  for (const part of parts.slice(1, MAX_FIELDS + 1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /\bfilename\*?=/i.test(disposition)) continue;
    const value = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    if (!(name in fields) && name !== '__proto__') fields[name] = value;
  }
  return fields;
}

/** Registers the parser inside the myclass plugin only (encapsulation keeps it there). */
export function acceptMultipart(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (request, body, done) => {
    try {
      done(null, parseMultipart(String(body), String(request.headers['content-type'] ?? '')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
