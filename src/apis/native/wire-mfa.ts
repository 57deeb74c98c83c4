// Wire shapes of two-step sign-in: the TOTP enrolment, recovery codes, passkeys,
// the `mfa` summary of GET /v1/me. WebAuthn options and responses are the
// standard JSON forms (PublicKeyCredential*JSON), passed through as they are.

import { Type, type Static } from '@fastify/type-provider-typebox';
import { Nullable } from '../../http/schema-types.js';
import { renderSVG } from 'uqr';
import type { Passkey } from '../../core/mfa/passkeys.js';
import type { MfaStatus, TotpEnrolment } from '../../core/mfa/totp.js';

export const PasswordBody = Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });

export const TotpEnrolmentSchema = Type.Object(
  {
    secret: Type.String({ description: 'base32, to type into an authenticator app' }),
    otpauth_url: Type.String({ description: 'otpauth://totp/… (RFC 6238: SHA-1, 6 digits, 30 s)' }),
    qr_svg: Type.String({ description: 'the otpauth_url as a QR code, an SVG document' }),
  },
  { examples: [{ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/S%C3%A9same:ana%40example.com?issuer=S%C3%A9same&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30', qr_svg: '<svg …>' }] },
);

export function enrolmentToWire(enrolment: TotpEnrolment): Static<typeof TotpEnrolmentSchema> {
  return { secret: enrolment.secret, otpauth_url: enrolment.otpauthUrl, qr_svg: renderSVG(enrolment.otpauthUrl) };
}

export const RecoveryCodesSchema = Type.Object(
  { recovery_codes: Type.Array(Type.String(), { description: 'each works once; shown only now' }) },
  { examples: [{ recovery_codes: ['7kq2m-xh9tp', 'c4wna-3rz8e'] }] },
);

export const MfaStatusSchema = Type.Object({
  totp: Type.Boolean({ description: 'two-step verification is on' }),
  passkeys: Type.Integer({ description: 'how many passkeys the account has' }),
  recovery_codes_left: Type.Integer(),
});

export const mfaStatusToWire = (status: MfaStatus): Static<typeof MfaStatusSchema> => ({
  totp: status.totp,
  passkeys: status.passkeys,
  recovery_codes_left: status.recoveryCodesLeft,
});

export const PasskeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    last_used_at: Nullable(Type.String({ format: 'date-time' })),
  },
  { examples: [{ id: 'p0Lk3sW9mQ2aZx7c', name: 'Laptop', created_at: '2026-12-01T10:00:00.000Z', last_used_at: null }] },
);

export const passkeyToWire = (passkey: Passkey): Static<typeof PasskeySchema> => ({
  id: passkey.id,
  name: passkey.name,
  created_at: passkey.createdAt.toISOString(),
  last_used_at: passkey.lastUsedAt?.toISOString() ?? null,
});

/** WebAuthn JSON, checked by the kernel (@simplewebauthn/server), not here. */
export const WebAuthnJson = Type.Object({}, { additionalProperties: true, description: 'WebAuthn JSON (PublicKeyCredential*JSON)' });

export const PasskeyIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
