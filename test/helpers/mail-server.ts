// A real SMTP server on loopback (smtp-server) that parses what it receives
// (mailparser), for tests that read the mail Sésame sends. It can be stopped and
// started again on the same port to play an SMTP outage.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (To and Bcc alike). */
  recipients: string[];
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The first http(s) link of the text part. */
  link: string | null;
}

export interface MailServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Mail whose envelope includes `address` (case-insensitive). */
  to(address: string): ReceivedMail[];
  /** Waits (up to `timeoutMs`) for the `count`-th mail to `address`. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** While on, every message is refused with a temporary 451 (the server is up but says no). */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

export async function startMailServer(): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refusing = false;
  const makeServer = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        if (!refusing) return callback();
        const error = Object.assign(new Error('try again later'), { responseCode: 451 });
        return callback(error);
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            const text = parsed.text ?? '';
            received.push({
              recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              link: /https?:\/\/\S+/.exec(text)?.[0] ?? null,
            });
            for (const wake of waiters) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
  let server = makeServer();
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  const to = (address: string) => received.filter((m) => m.recipients.includes(address.toLowerCase()));
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    to,
    async waitFor(address, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (to(address).length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail #${count} to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, left);
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
      return to(address)[count - 1]!;
    },
    stop,
    refuse(on) {
      refusing = on;
    },
    async start() {
      if (running) return;
      server = makeServer();
      server.listen(port, '127.0.0.1');
      await once(server.server, 'listening');
      running = true;
    },
    close: stop,
  };
}
