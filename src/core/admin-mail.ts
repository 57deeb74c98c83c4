// An admin sends a link again: the invitation of an account that never set its
// password, or the verification of an address not verified yet. Anything else
// (a password already set, an address already verified, a deleted account) is
// refused with the reason, since the admin, unlike an anonymous visitor, may know it.

import { recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';
import { CoreError, invalidField } from './errors.js';
import type { Invitations, InvitationOptions } from './invitations.js';
import type { MailLinkOptions } from './mail.js';
import type { RequestContext, User } from './model.js';
import { assertMayReadAccount, assertMayResendLinks } from './admin-tool-rules.js';
import type { Verification } from './verification.js';

export class AdminMail {
  constructor(
    private readonly deps: CoreDeps,
    private readonly invitations: Invitations,
    private readonly verification: Verification,
  ) {}

  async resendInvitation(actor: User, userId: number, context: RequestContext, options: InvitationOptions): Promise<void> {
    const user = await this.target(actor, userId);
    if ((await this.deps.store.credentials.getPasswordHash(user.id)) !== null) {
      throw invalidField('id', 'has set a password already; send a password reset instead');
    }
    await this.invitations.send(user, options);
    await this.audit('user.invitation_resent', actor, user, context);
  }

  async resendVerification(actor: User, userId: number, context: RequestContext, options: MailLinkOptions): Promise<void> {
    const user = await this.target(actor, userId);
    if (user.emailVerifiedAt) throw invalidField('id', 'has a verified address already');
    await this.verification.send(user, options);
    await this.audit('user.verification_resent', actor, user, context);
  }

  /** The account never set a password: its invitation is what to send again (admins; moderators read). */
  async awaitsInvitation(actor: User, userId: number): Promise<boolean> {
    assertMayReadAccount(actor);
    return (await this.deps.store.credentials.getPasswordHash(userId)) === null;
  }

  private async target(actor: User, userId: number): Promise<User> {
    assertMayResendLinks(actor);
    const user = await this.deps.store.users.findById(userId);
    if (!user || user.deletedAt) throw new CoreError('not_found', { resource: 'user' });
    return user;
  }

  private async audit(action: 'user.invitation_resent' | 'user.verification_resent', actor: User, user: User, context: RequestContext) {
    await recordAudit(this.deps.store.audit, this.deps.clock, action, { actorUserId: actor.id, targetUserId: user.id, context });
  }
}
