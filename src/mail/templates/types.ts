// The words of one mail kind in every locale. Placeholders in braces are filled
// by the composer: {product}, {link}, {email}, {hours}, {name}.

import type { Locale } from '../../core/model.js';

export interface MailWords {
  subject: string;
  /** Paragraphs before the button. */
  body: string[];
  /** The button's label; absent for a mail without a link. */
  action?: string;
  /** Paragraphs after the button (expiry, "if this was not you"). */
  after: string[];
}

export type MailTemplate = Record<Locale, MailWords>;

export interface CommonWords {
  greeting: string;
  greetingNamed: string;
  /** Shown under the button for mail clients that hide it. */
  linkFallback: string;
  signature: string;
}
