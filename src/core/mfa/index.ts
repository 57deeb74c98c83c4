// Two-step sign-in, assembled: TOTP enrolment and status, the second step,
// passkeys, and the administrator's reset.

import type { CoreDeps } from '../deps.js';
import type { RequestContext, User } from '../model.js';
import type { Sessions } from '../sessions.js';
import type { SignIn } from '../sign-in.js';
import { resetMfa, resetMfaByOperator } from './admin-reset.js';
import { PasskeySignIn } from './passkey-sign-in.js';
import { Passkeys } from './passkeys.js';
import type { SecondStep } from './second-step.js';
import { Totp } from './totp.js';

export interface Mfa {
  totp: Totp;
  secondStep: SecondStep;
  passkeys: Passkeys;
  passkeySignIn: PasskeySignIn;
  /** Admin: removes TOTP, recovery codes and passkeys of `targetId`. */
  reset(actor: User, targetId: number, context: RequestContext): Promise<void>;
  /** `sesame reset-mfa --email E`: the same, by the operator. */
  resetByOperator(email: string): Promise<User>;
}

export function createMfa(deps: CoreDeps, sessions: Sessions, signIn: SignIn): Mfa {
  return {
    totp: new Totp(deps),
    secondStep: signIn.secondStep,
    passkeys: new Passkeys(deps),
    passkeySignIn: new PasskeySignIn(deps, sessions),
    reset: (actor, targetId, context) => resetMfa(deps, actor, targetId, context),
    resetByOperator: (email) => resetMfaByOperator(deps, email),
  };
}
