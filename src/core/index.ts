// The core, assembled once from its ports: every API, the CLI and the tests call
// these same services.

import { AccessTokens } from './access-tokens.js';
import { IdTokenKeys } from './id-token-keys.js';
import { authenticateAccessToken } from './authenticate.js';
import { Accounts } from './accounts.js';
import type { CoreDeps } from './deps.js';
import { PasswordChange } from './password-change.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions, type ValidSession } from './sessions.js';
import { SignIn } from './sign-in.js';
import { EmailChange } from './email-change.js';
import { UserAdministration, type UserPage } from './user-administration.js';
import { Invitations } from './invitations.js';
import { LegacyIds } from './legacy-ids.js';
import { BackgroundWork } from './outgoing-mail.js';
import { PasswordReset } from './password-reset.js';
import { Verification } from './verification.js';
import { createMfa, type Mfa } from './mfa/index.js';
import { unlockAccount } from './account-unlock.js';
import { AdminMail } from './admin-mail.js';
import { countUsers, type UserCount, type UserCountRequest } from './user-count.js';
import type { RequestContext, User } from './model.js';
import { AuditTrail } from './audit-trail.js';
import { OutboxAdmin } from './outbox-admin.js';
import { UserSessions } from './user-sessions.js';
import { Webhooks } from './webhooks.js';

export interface Core {
  deps: CoreDeps;
  accounts: Accounts;
  sessions: Sessions;
  signIn: SignIn;
  accessTokens: AccessTokens;
  /** The OpenID Connect ID-token keys (RS256, ES256), published with the access-token keys. */
  idTokenKeys: IdTokenKeys;
  refreshTokens: RefreshTokens;
  /** Every action on an account, one's own or another's, under the one policy (policy.ts). */
  users: UserAdministration;
  passwordChange: PasswordChange;
  verification: Verification;
  passwordReset: PasswordReset;
  emailChange: EmailChange;
  invitations: Invitations;
  /** Two-step sign-in: TOTP, recovery codes, passkeys (core/mfa). */
  mfa: Mfa;
  /** The id each API shows for an account (legacy ids of imported accounts). */
  legacyIds: LegacyIds;
  /** The administration's tools that the console and the native API share (issue 20). */
  auditTrail: AuditTrail;
  userSessions: UserSessions;
  adminMail: AdminMail;
  outboxAdmin: OutboxAdmin;
  /** Lifts the sign-in lock of a throttled account (admin). */
  unlockAccount(actor: User, userId: number, context: RequestContext): Promise<void>;
  /** The count of the user list: exact up to 10,000. */
  /** `firstPage`: the list's page for the same filters without a cursor, which may answer alone. */
  countUsers(actor: User, request: UserCountRequest, firstPage?: UserPage): Promise<UserCount>;
  webhooks: Webhooks;
  /** A Bearer access token checked with the session behind it (every API that takes one). */
  authenticate(accessToken: string): Promise<ValidSession>;
  /** Work that runs after a response (silent mail flows); shutdown awaits it. */
  background: BackgroundWork;
  /** Wakes the mail worker. Transactions that queue mail do it themselves (Repos.afterCommit). */
  mailQueued(): void;
}

export function createCore(deps: CoreDeps): Core {
  const sessions = new Sessions(deps);
  const accounts = new Accounts(deps);
  const background = new BackgroundWork((error) => deps.mail.reportError(error));
  const invitations = new Invitations(deps);
  const accessTokens = new AccessTokens(deps);
  const signIn = new SignIn(deps, sessions);
  const verification = new Verification(deps, background);
  const emailChange = new EmailChange(deps);
  return {
    deps,
    accounts,
    sessions,
    signIn,
    mfa: createMfa(deps, sessions, signIn),
    accessTokens,
    idTokenKeys: new IdTokenKeys(deps),
    authenticate: (token) => authenticateAccessToken(accessTokens, sessions, token),
    refreshTokens: new RefreshTokens(deps),
    passwordChange: new PasswordChange(deps),
    verification,
    passwordReset: new PasswordReset(deps, background),
    emailChange,
    users: new UserAdministration(deps, invitations, emailChange),
    invitations,
    legacyIds: new LegacyIds(deps.store.legacyIds, deps.store.changes, deps.clock),
    auditTrail: new AuditTrail(deps),
    userSessions: new UserSessions(deps, sessions),
    adminMail: new AdminMail(deps, invitations, verification),
    outboxAdmin: new OutboxAdmin(deps),
    unlockAccount: (actor, userId, context) => unlockAccount(deps, actor, userId, context),
    countUsers: (actor, request, firstPage) => countUsers(deps, actor, request, firstPage),
    webhooks: new Webhooks({ repo: deps.store.webhooks, destinations: deps.webhookDestinations, clock: deps.clock }, deps),
    background,
    mailQueued: () => deps.mail.queued(),
  };
}
