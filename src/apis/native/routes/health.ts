// GET /healthz: liveness (up while the database answers). GET /readyz: readiness
// for load balancers: the database answers and every migration this code knows is
// applied; 503 otherwise, so traffic waits for a database that is back and current.

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

  const Database = Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]);
  const Migrations = Type.Union([Type.Literal('current'), Type.Literal('pending'), Type.Literal('unknown')]);
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['meta'],
        summary: 'Readiness: the database answers and its migrations are current',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Database, migrations: Migrations }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            database: Database,
            migrations: Migrations,
            pending: Type.Optional(Type.Array(Type.String())),
          }),
        },
      },
    },
    async (request, reply) => {
      let pending: string[];
      try {
        await store.ping();
        pending = await store.pendingMigrations();
      } catch (error) {
        request.log.error({ err: error }, 'readiness: database unreachable');
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unreachable' as const, migrations: 'unknown' as const });
      }
      if (pending.length > 0) {
        return reply.code(503).send({ status: 'unavailable' as const, database: 'ok' as const, migrations: 'pending' as const, pending });
      }
      return { status: 'ready' as const, database: 'ok' as const, migrations: 'current' as const };
    },
  );
};
