// The core, assembled once from its ports: every API, the CLI and the tests call
// these same services.

import { AccessTokens } from './access-tokens.js';
import { AccountActions } from './account-actions.js';
import { Accounts } from './accounts.js';
import type { CoreDeps } from './deps.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions } from './sessions.js';
import { SignIn } from './sign-in.js';

export interface Core {
  deps: CoreDeps;
  accounts: Accounts;
  sessions: Sessions;
  signIn: SignIn;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  accountActions: AccountActions;
}

export function createCore(deps: CoreDeps): Core {
  const sessions = new Sessions(deps);
  return {
    deps,
    accounts: new Accounts(deps),
    sessions,
    signIn: new SignIn(deps, sessions),
    accessTokens: new AccessTokens(deps),
    refreshTokens: new RefreshTokens(deps, sessions),
    accountActions: new AccountActions(deps, new Accounts(deps)),
  };
}
