// `sesame clients create --name N --redirect-uri U [--redirect-uri U2] [--public] [--first-party]`:
// registers an OpenID Connect client as the operator (no admin account needed) and
// prints `client_id: ID`, and `client_secret: S` once for a confidential client.

import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { isCoreError } from '../core/errors.js';
import { openServices } from '../services.js';

export async function clientsCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error('Usage: sesame clients create --name N --redirect-uri U [--post-logout-redirect-uri U] [--public] [--first-party]');
    return 1;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      public: { type: 'boolean' },
      'first-party': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.name || !values['redirect-uri']?.length) {
    console.error('clients create needs --name and at least one --redirect-uri.');
    return 1;
  }
  const services = await openServices(config);
  try {
    const { client, secret } = await services.domains.oidc.relyingParties.create(null, {
      name: values.name,
      redirectUris: values['redirect-uri'],
      postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
      public: values.public ?? false,
      firstParty: values['first-party'] ?? false,
    });
    console.log(`client_id: ${client.clientId}`);
    if (secret) console.log(`client_secret: ${secret}`);
    return 0;
  } catch (error) {
    if (isCoreError(error, 'validation_failed')) {
      console.error(`Refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await services.store.close();
  }
}
