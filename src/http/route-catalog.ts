// Every route mounted on an app, with the API it belongs to, recorded as routes
// are added. The fuzz, log and hardening suites read it, so an API that lands is
// exercised without anyone listing its routes by hand.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';
import { SEED_APIS, type Config } from '../config.js';

export interface MountedRoute {
  method: HTTPMethods;
  url: string;
  /** `native` or a seed API name. */
  api: string;
  schema: FastifySchema | undefined;
  /** The mount prefix of the plugin that declared it ('' at the root). */
  prefix: string;
}

interface CatalogueEntry extends MountedRoute {
  /** The encapsulated instance that declared the route: its error handler is the API's. */
  owner: FastifyInstance;
}

const catalogs = new WeakMap<FastifyInstance, CatalogueEntry[]>();

export function recordRoutes(app: FastifyInstance, config: Readonly<Config>, ownApi?: string): void {
  const routes: CatalogueEntry[] = [];
  catalogs.set(app, routes);
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const api = ownApi ?? apiOf(route.prefix, config);
    for (const method of methods) {
      routes.push({ method, url: route.url, api, schema: route.schema, prefix: route.prefix, owner: this });
    }
  });
}

export function mountedRoutes(app: FastifyInstance): readonly MountedRoute[] {
  return (catalogs.get(app) ?? []).map(({ owner: _owner, ...route }) => route);
}

/**
 * Fastify's `frameworkErrors`: a URL that cannot be decoded (or a parameter over
 * the length limit) is refused before any route runs, at the root. Hand it to the
 * error handler of the API whose prefix the path is under, so the 400 comes in
 * that API's shape like every other refusal.
 */
export function answerFrameworkError(app: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const path = request.raw.url ?? '/';
  const routes = catalogs.get(app) ?? [];
  const owner = routes
    .filter((route) => route.prefix !== '' && (path === route.prefix || path.startsWith(`${route.prefix}/`)))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0]?.owner ?? routes.find((route) => route.prefix === '')?.owner ?? app;
  // No route context here, so the app's onRequest hooks did not run: add the request id ourselves.
  reply.header('x-request-id', request.id);
  return owner.errorHandler.call(owner, error, request, reply);
}

function apiOf(prefix: string, config: Readonly<Config>): string {
  for (const name of SEED_APIS) {
    const mount = config.apis[name].prefix;
    if (prefix === mount || prefix.startsWith(`${mount}/`)) return name;
  }
  return 'native';
}
