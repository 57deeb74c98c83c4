// The seed APIs Sésame serves, by name. Each is an encapsulated Fastify plugin
// mounted at its prefix on the main port, and at the root of its own port when
// configured: mounting is a registration option, never code in the routes.

import type { FastifyPluginAsync } from 'fastify';
import type { Config, SeedApiName } from '../config.js';
import type { Core } from '../core/index.js';
import type { Store } from '../core/ports.js';
import type { ApiDomains } from './domains.js';
import { coinduchefApi } from './coinduchef/index.js';
import { crdmApi } from './crdm/index.js';
import { myclassApi } from './myclass/index.js';
import { userapi } from './userapi/index.js';

export interface ApiOptions {
  core: Core;
  store: Store;
  config: Readonly<Config>;
}

/** A seed API also gets the services of what it owns beside the kernel. */
export interface SeedApiOptions extends ApiOptions {
  domains: ApiDomains;
}

export type ApiPlugin = FastifyPluginAsync<SeedApiOptions>;

/** Filled in as each seed API lands. */
export const seedApis: Partial<Record<SeedApiName, ApiPlugin>> = {
  coinduchef: coinduchefApi,
  crdm: crdmApi,
  myclass: myclassApi,
  userapi,
};
