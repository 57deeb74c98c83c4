// Reading the link of a received mail: its token, and its path for inject().

import type { ReceivedMail } from './mail-server.js';

export function linkOf(mail: ReceivedMail): URL {
  if (!mail.link) throw new Error(`mail "${mail.subject}" has no link`);
  return new URL(mail.link);
}

export function tokenOf(mail: ReceivedMail): string {
  const token = linkOf(mail).searchParams.get('token');
  if (!token) throw new Error(`the link of "${mail.subject}" has no token`);
  return token;
}

/** The link as a path + query, for app.inject(). */
export function pathOf(mail: ReceivedMail): string {
  const url = linkOf(mail);
  return `${url.pathname}${url.search}`;
}
