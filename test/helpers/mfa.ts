// Two-step sign-in as a test drives it: real TOTP codes computed with otpauth at
// the injected clock's time, enrolment through the native API.

import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, bearer } from './native-client.js';
import type { MailServer, ReceivedMail } from './mail-server.js';

/** The code an authenticator app shows at `at`. */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

/** Turns TOTP on for the signed-in user of `accessToken`: begin, then confirm with a real code. */
export async function enableTotp(app: FastifyInstance, accessToken: string, now: Date, password = PASSWORD): Promise<Enrolled> {
  const begin = await app.inject({ method: 'POST', url: '/v1/me/mfa/totp', headers: bearer(accessToken), payload: { password } });
  if (begin.statusCode !== 200) throw new Error(`enrolment failed: ${begin.statusCode} ${begin.body}`);
  const { secret } = begin.json<{ secret: string }>();
  const confirm = await app.inject({
    method: 'POST',
    url: '/v1/me/mfa/totp/confirm',
    headers: bearer(accessToken),
    payload: { code: totpCode(secret, now) },
  });
  if (confirm.statusCode !== 200) throw new Error(`confirmation failed: ${confirm.statusCode} ${confirm.body}`);
  return { secret, recoveryCodes: confirm.json<{ recovery_codes: string[] }>().recovery_codes };
}

export function mfaGrant(app: FastifyInstance, mfaToken: string, factor: { otp: string } | { recovery_code: string }) {
  return app.inject({
    method: 'POST',
    url: '/v1/token',
    payload: { grant_type: 'urn:sesame:grant-type:mfa', mfa_token: mfaToken, ...factor },
  });
}

/** Waits for a mail to `address` whose subject matches. */
export async function mailWithSubject(smtp: MailServer, address: string, subject: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.to(address).find((mail) => subject.test(mail.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
