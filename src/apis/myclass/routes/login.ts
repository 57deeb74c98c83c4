// Seed 000 §7: login. Email and password; an account not activated yet is refused;
// the token of the answer lives while used at least once every 30 minutes, within
// an absolute lifetime.

import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../../core/errors.js';
import { requestContext } from '../../../http/request-context.js';
import { MYCLASS_API } from '../auth.js';
import type { MyclassOptions } from '../index.js';
import { Params } from '../params.js';
import { endpoint, success } from '../route.js';

export async function loginRoutes(app: FastifyInstance, { core, config }: MyclassOptions): Promise<void> {
  endpoint(app, 'login', { summary: 'Log in: the session token is the message' }, async (request, reply) => {
    const params = Params.from(request);
    const email = params.nonEmpty('Email');
    const password = params.raw('Pwd', 'password');
    const missing: Record<string, string[]> = {};
    if (!email) missing.Email = ['is required'];
    if (!password) missing.Pwd = ['is required'];
    if (Object.keys(missing).length > 0) throw new CoreError('validation_failed', { fields: missing });
    const { token } = await core.signIn.withPassword(email!, password!, requestContext(request, MYCLASS_API), {
      requireVerifiedEmail: true,
      withToken: true,
      idleTimeoutSeconds: config.myclass.tokenIdleTimeoutSeconds,
      absoluteLifetimeSeconds: config.myclass.tokenMaxLifetimeSeconds,
    });
    reply.header('cache-control', 'no-store');
    return success(token!);
  });
}
