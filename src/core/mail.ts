// Mail as the core sees it: what kinds of mail exist, the ports that render and
// store them, and `enqueueMail`, which writes a rendered mail into the outbox
// inside the caller's transaction, so the change and its mail commit together or
// not at all. Sending is the outbox worker's job (src/mail), never the request's.

import type { Locale, User } from './model.js';

export const MAIL_KINDS = [
  'verify_email',
  'password_reset',
  'email_change_confirm',
  'email_change_notice',
  'invitation',
  'mfa_enabled',
  'mfa_disabled',
  'recovery_codes_renewed',
  'passkey_added',
  'passkey_removed',
  'mfa_reset',
  'webhook_disabled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Builds the URL a mail links to from its one-time token; each API points to its own page. */
export type LinkBuilder = (token: string) => string;

/** What every flow that mails a link takes from the calling API. */
export interface MailLinkOptions {
  link: LinkBuilder;
  /** The request's language (Accept-Language): used when the user has no preference. */
  locale?: Locale;
  /** Blind copies, e.g. the admin who created the account. */
  bcc?: string[];
}

/** The values a template may show. */
export interface MailParams {
  link?: string;
  /** The address concerned: the new address of an email change. */
  email?: string;
  /** The recipient's first name, when known. */
  name?: string | null;
  /** How long the link works, in hours. */
  validHours?: number;
  /** A host named in a notice (the webhook endpoint turned off), never a link. */
  host?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Renders a mail kind in a locale (src/mail/templates). */
export interface MailComposer {
  compose(kind: MailKind, locale: Locale, params: MailParams): RenderedMail;
}

export interface NewOutboxMail extends RenderedMail {
  kind: MailKind;
  userId: number | null;
  to: string;
  bcc: string[];
  locale: Locale;
  createdAt: Date;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxMail extends NewOutboxMail {
  id: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

/** A mail as a list shows it: addresses and state, never the bodies (their links are live tokens). */
export type OutboxEntry = Omit<OutboxMail, 'text' | 'html'>;

export interface OutboxRepo {
  /** Writes a pending mail, due now; returns its id. */
  enqueue(mail: NewOutboxMail): Promise<number>;
  /**
   * Serialises quota checks for one address until the transaction ends, so that
   * parallel requests cannot all pass the per-address limit (a no-op on SQLite,
   * whose transactions already run one at a time).
   */
  lockAddress(address: string): Promise<void>;
  /** How many mails went (or are going) to this address since `since`: the per-address limit. */
  countSentTo(address: string, since: Date): Promise<number>;
  findById(id: number): Promise<OutboxMail | null>;
  /** Newest first; `beforeId` is the keyset position of the administration's pages. */
  list(query: { to?: string; status?: OutboxStatus; beforeId?: number; limit: number }): Promise<OutboxEntry[]>;
  /** A failed mail goes back to pending, due now, with its attempts counted afresh; false unless it was failed. */
  retry(id: number, now: Date): Promise<boolean>;
  /** Ids of pending mails that are due and not leased by a live worker. */
  listDue(now: Date, limit: number): Promise<number[]>;
  /**
   * Takes a lease on one mail if nobody holds a live one: a single conditional
   * UPDATE, so of two workers exactly one gets it. Null when someone else won.
   */
  claim(id: number, claimToken: string, now: Date, leaseUntil: Date): Promise<OutboxMail | null>;
  /** Records the delivery; `redact` blanks the bodies (their links are live tokens). */
  markSent(id: number, claimToken: string, at: Date, redact: boolean): Promise<boolean>;
  /** Records a failed attempt: tried again at `nextAttemptAt`, or `failed` for good when null. */
  markAttemptFailed(id: number, claimToken: string, error: string, nextAttemptAt: Date | null): Promise<void>;
}

/** What the core needs of the mail machinery, handed in by services.ts. */
export interface MailDeps {
  composer: MailComposer;
  /** Called after a commit that queued mail: wakes the worker up. */
  queued(): void;
  /** Failures of work done after the response (silent flows). */
  reportError(error: unknown): void;
  /** At most this many mails to one address per hour (a mail bomb stops there). */
  perAddressPerHour: number;
}

/** The user's preference, then the request's language, then English. */
export function mailLocale(user: Pick<User, 'locale'> | null, hint?: Locale): Locale {
  return user?.locale ?? hint ?? 'en';
}
