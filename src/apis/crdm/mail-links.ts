// Where crdm's mail links point. Password links go to the CRDM front end's
// reset-password page when CRDM_FRONTEND_URL is set (with the email, which that
// page posts back to /reset-password as Laravel's broker wants), else to
// Sésame's hosted page. Email-change confirmations go to the hosted page, which
// makes the change when the link is followed.

import type { Config } from '../../config.js';
import type { LinkBuilder } from '../../core/mail.js';
import { pageLink } from '../../web/links.js';

export function resetPasswordLink(config: Readonly<Config>, email: string): LinkBuilder {
  const frontend = config.crdm.frontendUrl;
  if (frontend === null) return pageLink(config.publicUrl, 'resetPassword');
  return (token) =>
    `${frontend}/reset-password?${new URLSearchParams({ token, email: email.trim() }).toString()}`;
}

export function confirmEmailLink(config: Readonly<Config>): LinkBuilder {
  return pageLink(config.publicUrl, 'confirmEmail');
}
