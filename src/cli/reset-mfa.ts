// `sesame reset-mfa --email E`: removes the TOTP, recovery codes and passkeys of an
// account, for the operator when no admin can sign in to do it through the API.
// Audited as mfa.reset (from the cli); the user is mailed by the server's worker.

import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { isCoreError } from '../core/errors.js';
import { openServices } from '../services.js';

export async function resetMfaCommand(config: Readonly<Config>, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  if (!values.email) {
    console.error('reset-mfa needs --email.');
    return 1;
  }
  const services = await openServices(config);
  try {
    const user = await services.core.mfa.resetByOperator(values.email);
    console.log(`Removed the second factors of ${user.email} (id ${user.id}): the password alone signs in until they are set up again.`);
    return 0;
  } catch (error) {
    if (isCoreError(error, 'not_found')) {
      console.error(`No account with the email ${values.email}.`);
      return 1;
    }
    throw error;
  } finally {
    await services.store.close();
  }
}
