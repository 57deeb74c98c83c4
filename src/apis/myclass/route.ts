// How seed 000's endpoints are declared: the document names URLs, not methods, and
// writes them with and without a trailing slash, so each endpoint answers GET and
// POST on both forms, with its answer schema for every status. Its document is its
// reference: the routes stay out of the native API's /openapi.json.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@fastify/type-provider-typebox';
import { answer } from './wire.js';

export interface Success<T> {
  status: true;
  message: T;
}

export const success = <T>(message: T): Success<T> => ({ status: true, message });

export function endpoint<T>(
  app: FastifyInstance,
  name: string,
  options: { summary: string; data?: TSchema },
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<Success<T>>,
): void {
  for (const url of [`/${name}`, `/${name}/`]) {
    app.route({
      method: ['GET', 'POST'],
      url,
      schema: { tags: ['myclass'], summary: options.summary, response: answer(options.data), hide: true },
      handler,
    });
  }
}
