// Per-IP limit on the routes that send mail (forgot password, resend, email
// change): a fixed one-hour window counted in memory per process. The per-address
// limit, which stops a mail bomb against one inbox from many IPs, is the core's
// (counted in the outbox, so it holds across processes and APIs).

import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../core/errors.js';

const WINDOW_MS = 3_600_000;

export interface MailRateLimiter {
  /** A preHandler that throws too_many_attempts once `request.ip` used its share. */
  preHandler(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function createMailRateLimiter(perHour: number, now: () => number = Date.now): MailRateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async preHandler(request) {
      const at = now();
      if (windows.size > 50_000) {
        for (const [key, window] of windows) if (at - window.start >= WINDOW_MS) windows.delete(key);
      }
      const key = `${request.routeOptions.url ?? request.url}|${request.ip}`;
      let window = windows.get(key);
      if (!window || at - window.start >= WINDOW_MS) {
        window = { start: at, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > perHour) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - at) / 1000));
        throw new CoreError('too_many_attempts', { retryAfterSeconds });
      }
    },
  };
}
