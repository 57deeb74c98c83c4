// Hosted pages under /account/ (verify email, reset password, accept invitation).

import type { FastifyPluginAsync } from 'fastify';
import type { ApiOptions } from '../apis/registry.js';

export const webPages: FastifyPluginAsync<ApiOptions> = async () => {};
