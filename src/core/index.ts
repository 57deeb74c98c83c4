// The core, assembled once from its ports: every API, the CLI and the tests call
// these same services.

import { AccessTokens } from './access-tokens.js';
import { authenticateAccessToken } from './authenticate.js';
import { AccountActions } from './account-actions.js';
import { Accounts } from './accounts.js';
import { Administration } from './administration.js';
import type { CoreDeps } from './deps.js';
import { UserManagement } from './user-management.js';
import { PasswordChange } from './password-change.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions, type ValidSession } from './sessions.js';
import { SignIn } from './sign-in.js';
import { UserDirectory } from './user-directory.js';
import { EmailChange } from './email-change.js';
import { Invitations } from './invitations.js';
import { LegacyIds } from './legacy-ids.js';
import { BackgroundWork } from './outgoing-mail.js';
import { PasswordReset } from './password-reset.js';
import { Verification } from './verification.js';
import { Webhooks } from './webhooks.js';

export interface Core {
  deps: CoreDeps;
  accounts: Accounts;
  sessions: Sessions;
  signIn: SignIn;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  userManagement: UserManagement;
  userDirectory: UserDirectory;
  administration: Administration;
  passwordChange: PasswordChange;
  accountActions: AccountActions;
  verification: Verification;
  passwordReset: PasswordReset;
  emailChange: EmailChange;
  invitations: Invitations;
  /** The id each API shows for an account (legacy ids of imported accounts). */
  legacyIds: LegacyIds;
  webhooks: Webhooks;
  /** A Bearer access token checked with the session behind it (every API that takes one). */
  authenticate(accessToken: string): Promise<ValidSession>;
  /** Work that runs after a response (silent mail flows); shutdown awaits it. */
  background: BackgroundWork;
  /** Wakes the mail worker after a transaction that queued mail with `repos` commits. */
  mailQueued(): void;
}

export function createCore(deps: CoreDeps): Core {
  const sessions = new Sessions(deps);
  const accounts = new Accounts(deps);
  const background = new BackgroundWork((error) => deps.mail.reportError(error));
  const invitations = new Invitations(deps);
  const accessTokens = new AccessTokens(deps);
  return {
    deps,
    accounts,
    sessions,
    signIn: new SignIn(deps, sessions),
    accessTokens,
    authenticate: (token) => authenticateAccessToken(accessTokens, sessions, token),
    refreshTokens: new RefreshTokens(deps, sessions),
    userManagement: new UserManagement(deps, accounts),
    userDirectory: new UserDirectory(deps, accounts, invitations),
    passwordChange: new PasswordChange(deps),
    accountActions: new AccountActions(deps, accounts),
    verification: new Verification(deps, background),
    passwordReset: new PasswordReset(deps, background),
    emailChange: new EmailChange(deps),
    invitations,
    legacyIds: new LegacyIds(deps.store.legacyIds),
    webhooks: new Webhooks({ repo: deps.store.webhooks, destinations: deps.webhookDestinations, clock: deps.clock }, deps),
    administration: new Administration(deps, invitations),
    background,
    mailQueued: () => deps.mail.queued(),
  };
}
