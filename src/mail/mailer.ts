// The Mailer port: hands one message to the outside world. SMTP (smtp-mailer.ts)
// or the dev outbox (dev-mailer.ts) implement it; the outbox worker calls it.

export interface OutgoingMessage {
  from: string;
  to: string;
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row, so a receiver can drop the rare duplicate of a crash after sending. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the message is accepted; rejects when it is not (the worker retries). */
  send(message: OutgoingMessage): Promise<void>;
  /** True when the mail really leaves (its stored body can then be blanked). */
  readonly delivers: boolean;
  close(): Promise<void>;
}

/** The little of a pino logger the mail side uses. */
export interface MailLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const silentLog: MailLog = { info() {}, warn() {}, error() {} };
