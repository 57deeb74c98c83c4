// The core, assembled once from its ports: every API, the CLI and the tests call
// these same services.

import { AccessTokens } from './access-tokens.js';
import { Accounts } from './accounts.js';
import type { CoreDeps } from './deps.js';
import { Recipes } from './recipes.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions } from './sessions.js';
import { SignIn } from './sign-in.js';
import { UserManagement } from './user-management.js';

export interface Core {
  deps: CoreDeps;
  accounts: Accounts;
  sessions: Sessions;
  signIn: SignIn;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  userManagement: UserManagement;
  recipes: Recipes;
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
    userManagement: new UserManagement(deps, accounts),
    recipes: new Recipes(deps),
  };
}
