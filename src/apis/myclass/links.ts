// The links seed 000's mails carry: they point to this API's own routes (under its
// prefix on the main port, the one PUBLIC_URL names), with the token as `token`.

import type { Config } from '../../config.js';
import type { LinkBuilder } from '../../core/mail.js';

export const ACTIVATION_ENDPOINT = 'activate_user_account';
export const EMAIL_CONFIRMATION_ENDPOINT = 'confirm_user_email';

function link(config: Readonly<Config>, endpoint: string): LinkBuilder {
  const base = `${config.publicUrl}${config.apis.myclass.prefix}/${endpoint}`;
  return (token) => `${base}?token=${encodeURIComponent(token)}`;
}

export const activationLink = (config: Readonly<Config>) => link(config, ACTIVATION_ENDPOINT);
export const emailConfirmationLink = (config: Readonly<Config>) => link(config, EMAIL_CONFIRMATION_ENDPOINT);
