// The core, assembled once from its ports: every API, the CLI and the tests call
// these same services.

import { AccessTokens } from './access-tokens.js';
import { Accounts } from './accounts.js';
import type { CoreDeps } from './deps.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions } from './sessions.js';
import { SignIn } from './sign-in.js';
import { PasswordChange } from './password-change.js';
import { UserDirectory } from './user-directory.js';

export interface Core {
  deps: CoreDeps;
  accounts: Accounts;
  sessions: Sessions;
  signIn: SignIn;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  passwordChange: PasswordChange;
  userDirectory: UserDirectory;
}

export function createCore(deps: CoreDeps): Core {
  const sessions = new Sessions(deps);
  const accounts = new Accounts(deps);
  return {
    deps,
    accounts,
    sessions,
    signIn: new SignIn(deps, sessions),
    accessTokens: new AccessTokens(deps),
    refreshTokens: new RefreshTokens(deps, sessions),
    passwordChange: new PasswordChange(deps),
    userDirectory: new UserDirectory(deps, accounts),
  };
}
