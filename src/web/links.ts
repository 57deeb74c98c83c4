// The links of the hosted pages, for APIs whose mail points to them: every link
// is PUBLIC_URL + a path + ?token=….

import type { LinkBuilder } from '../core/mail.js';

export const ACCOUNT_PAGES = {
  verifyEmail: '/account/verify-email',
  resetPassword: '/account/reset-password',
  acceptInvitation: '/account/accept-invitation',
  confirmEmail: '/account/confirm-email',
} as const;

export type AccountPage = keyof typeof ACCOUNT_PAGES;

export function pageLink(publicUrl: string, page: AccountPage): LinkBuilder {
  const base = `${publicUrl.replace(/\/+$/, '')}${ACCOUNT_PAGES[page]}`;
  return (token) => `${base}?token=${encodeURIComponent(token)}`;
}

/** Every hosted-page link builder for one PUBLIC_URL. */
export function accountLinks(publicUrl: string): Record<AccountPage, LinkBuilder> {
  return {
    verifyEmail: pageLink(publicUrl, 'verifyEmail'),
    resetPassword: pageLink(publicUrl, 'resetPassword'),
    acceptInvitation: pageLink(publicUrl, 'acceptInvitation'),
    confirmEmail: pageLink(publicUrl, 'confirmEmail'),
  };
}
