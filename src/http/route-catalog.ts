// Every route mounted on an app, with the API it belongs to, recorded as routes
// are added. The fuzz, log and hardening suites read it, so an API that lands is
// exercised without anyone listing its routes by hand.

import type { FastifyInstance, FastifySchema, HTTPMethods } from 'fastify';
import { SEED_APIS, type Config } from '../config.js';

export interface MountedRoute {
  method: HTTPMethods;
  url: string;
  /** `native` or a seed API name. */
  api: string;
  schema: FastifySchema | undefined;
}

const catalogs = new WeakMap<FastifyInstance, MountedRoute[]>();

export function recordRoutes(app: FastifyInstance, config: Readonly<Config>, ownApi?: string): void {
  const routes: MountedRoute[] = [];
  catalogs.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const api = ownApi ?? apiOf(route.prefix, config);
    for (const method of methods) routes.push({ method, url: route.url, api, schema: route.schema });
  });
}

export function mountedRoutes(app: FastifyInstance): readonly MountedRoute[] {
  return catalogs.get(app) ?? [];
}

function apiOf(prefix: string, config: Readonly<Config>): string {
  for (const name of SEED_APIS) {
    const mount = config.apis[name].prefix;
    if (prefix === mount || prefix.startsWith(`${mount}/`)) return name;
  }
  return 'native';
}
