// FastAPI (Starlette) answers a known path asked with another method with 405
// {"detail": "Method Not Allowed"} and an Allow header, not 404. This plugin-level
// helper notes every route the API declares and answers the other methods so.

import type { FastifyInstance, HTTPMethods } from 'fastify';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Call before the routes are registered; call the returned function after. */
export function trackMethods(app: FastifyInstance): () => void {
  const allowed = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = allowed.get(route.routePath) ?? new Set<string>();
    for (const method of methods) known.add(String(method).toUpperCase());
    allowed.set(route.routePath, known);
  });
  return () => {
    for (const [path, known] of [...allowed]) {
      const others = METHODS.filter((method) => !known.has(method));
      if (others.length === 0) continue;
      const allow = METHODS.filter((method) => known.has(method)).join(', ');
      app.route({
        method: others as unknown as HTTPMethods[],
        url: path,
        schema: { hide: true },
        handler: async (_request, reply) =>
          reply.code(405).header('allow', allow).send({ detail: 'Method Not Allowed' }),
      });
    }
  };
}
