// GET /healthz: up only when the database answers.

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NativeOptions } from '../index.js';

export const healthRoutes: FastifyPluginAsyncTypebox<NativeOptions> = async (app, { store }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness and database check',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.Literal('unreachable') }),
        },
      },
    },
    async (request, reply) => {
      try {
        await store.ping();
        return { status: 'ok' as const, database: 'ok' as const };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unreachable' as const });
      }
    },
  );
};
