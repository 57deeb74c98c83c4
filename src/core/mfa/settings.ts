// What two-step sign-in needs of the configuration (built in services.ts).

export interface MfaSettings {
  /** Sign-in through an API without a second step, for a user with TOTP on. */
  legacy: 'refuse' | 'allow';
  /** Shown by authenticator apps next to the account (the product name). */
  issuer: string;
  /** Passkeys are bound to this relying party: PUBLIC_URL's host and origin. */
  webauthn: { rpId: string; rpName: string; origin: string };
  /** Where a user refused by an API without a second step is sent to sign in (PUBLIC_URL). */
  signInUrl: string;
  /** Keys the decoy credential ids offered for an email without passkeys (derived from the secrets key). */
  decoyKey: Buffer;
}

/** An mfa_token and a passkey challenge live this long. */
export const MFA_STEP_TTL_SECONDS = 300;
/** Expired mfa_tokens and challenges are kept this long (audit, debugging), then deleted as new ones are made. */
export const MFA_STEP_KEEP_SECONDS = 3600;
/** Wrong codes an mfa_token survives. */
export const MFA_TOKEN_MAX_ATTEMPTS = 5;
export const RECOVERY_CODE_COUNT = 10;
