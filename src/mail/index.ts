// The mail side assembled from config: the composer and limits the core needs,
// the Mailer (SMTP when SMTP_URL is set, else the dev outbox) and the worker.
// The app attaches its logger and starts the worker when it is ready.

import type { Config } from '../config.js';
import type { MailDeps } from '../core/mail.js';
import type { Clock, Store } from '../core/ports.js';
import { createComposer } from './composer.js';
import { createDevMailer } from './dev-mailer.js';
import { silentLog, type Mailer, type MailLog } from './mailer.js';
import { OutboxWorker } from './outbox-worker.js';
import { createSmtpMailer } from './smtp-mailer.js';

export interface MailServices {
  deps: MailDeps;
  mailer: Mailer;
  worker: OutboxWorker;
  /** Where mail logs go (the app's logger once it exists). */
  useLog(log: MailLog): void;
  close(): Promise<void>;
}

export interface MailServiceOptions {
  pollIntervalMs?: number;
}

export function createMailServices(
  config: Readonly<Config>,
  store: Store,
  clock: Clock,
  options: MailServiceOptions = {},
): MailServices {
  let log: MailLog = silentLog;
  const currentLog = () => log;
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : createDevMailer(currentLog);
  const worker = new OutboxWorker({
    outbox: store.outbox,
    mailer,
    clock,
    from: config.mailFrom,
    messageIdDomain: new URL(config.publicUrl).hostname || 'sesame.local',
    maxAttempts: config.mail.maxAttempts,
    log: currentLog,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  return {
    deps: {
      composer: createComposer(config.mail.productName),
      queued: () => worker.wake(),
      reportError: (error) => log.error({ err: error }, 'mail: background work failed'),
      perAddressPerHour: config.mail.perAddressPerHour,
    },
    mailer,
    worker,
    useLog(next) {
      log = next;
    },
    async close() {
      await worker.stop();
      await mailer.close();
    },
  };
}
