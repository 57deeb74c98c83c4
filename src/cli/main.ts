#!/usr/bin/env -S node --max-semi-space-size=64
// `sesame serve | migrate | create-admin | reset-mfa | clients | import | export | copy`

import './threadpool.js';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { isCoreError } from '../core/errors.js';
import { adapterMigrations } from '../apis/domains.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { describeLookAlikes, findLookAlikeAccounts, rekeyResolvedAccounts } from '../store/look-alike-accounts.js';
import { describePolicyRules } from './policy-messages.js';
import { copyCommand, COPY_USAGE } from './copy.js';
import { exportCommand, EXPORT_USAGE } from './export.js';
import { importCommand, IMPORT_USAGE } from './import.js';

const USAGE = `Usage:
  sesame serve                                  start the HTTP server (migrations run first)
  sesame migrate                                apply pending database migrations; exits 2 when accounts
                                                are look-alikes of each other (listed) after NFKC folding
  sesame create-admin --email E --password P    create an admin, or promote the account of E
  sesame reset-mfa --email E                    remove the TOTP, recovery codes and passkeys of E
  sesame clients create --name N --redirect-uri U [--redirect-uri U2] [--post-logout-redirect-uri U]
                        [--public] [--first-party]
                                                register an OpenID Connect client; prints client_id
                                                (and client_secret, shown this once)
  ${IMPORT_USAGE}
                                                import users of a legacy system (exit 0 all, 1 some rejected, 2 unreadable)
  ${EXPORT_USAGE}
                                                every account as JSON lines (stdout by default)
  ${COPY_USAGE}
                                                copy the whole deployment to another database

The database is named by DATABASE_URL (default sqlite:./data/sesame.db).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env);
  switch (command) {
    // The server and the services (Fastify, every API, mail, webhooks) load only for
    // the commands that use them: an import or a copy stays small (its RSS is measured).
    case 'serve':
      await (await import('../server.js')).startServer(config);
      return -1; // keeps running
    case 'migrate': {
      const { db, dialect } = openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(db, dialect, adapterMigrations);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
        const rekeyed = await rekeyResolvedAccounts(db);
        if (rekeyed > 0) console.log(`Rekeyed ${rekeyed} email(s)/username(s) whose look-alike is gone.`);
        const lookAlikes = await findLookAlikeAccounts(db);
        if (lookAlikes.length === 0) return 0;
        console.error(describeLookAlikes(lookAlikes));
        return 2; // migrated, but accounts need the operator: a deploy script should stop and say so
      } finally {
        await db.destroy();
      }
    }
    case 'create-admin':
      return createAdmin(config, rest);
    case 'reset-mfa':
      return (await import('./reset-mfa.js')).resetMfaCommand(config, rest);
    case 'clients':
      return (await import('./clients.js')).clientsCommand(config, rest);
    case 'import':
      return importCommand(config, rest);
    case 'export':
      return exportCommand(config, rest);
    case 'copy':
      return copyCommand(config, rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

async function createAdmin(config: ReturnType<typeof loadConfig>, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (!values.email || !values.password) {
    console.error('create-admin needs --email and --password.');
    return 1;
  }
  const services = await (await import('../services.js')).openServices(config);
  try {
    const { user, created } = await services.core.accounts.createOrPromoteAdmin(values.email, values.password);
    console.log(
      created
        ? `Created admin ${user.email} (id ${user.id}).`
        : `Promoted ${user.email} (id ${user.id}) to admin; its password was set to the one given.`,
    );
    return 0;
  } catch (error) {
    if (isCoreError(error, 'policy_violation')) {
      console.error(`Password refused: ${describePolicyRules(error.details.rules ?? [], config.password.minLength)}`);
      return 1;
    }
    if (isCoreError(error, 'validation_failed')) {
      console.error(`Invalid --email: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await services.store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${error.message}\n\n${USAGE}`);
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exitCode = 1;
  },
);
