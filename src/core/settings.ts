// What the core needs to know of the configuration, handed in by app.ts.

import type { MfaSettings } from './mfa/settings.js';
import type { PasswordPolicyOptions } from './password-policy.js';
import type { RateBudget } from './ports.js';

export interface CoreSettings {
  passwordPolicy: PasswordPolicyOptions;
  sessions: {
    idleTimeoutSeconds: number;
    absoluteLifetimeSeconds: number;
  };
  tokens: {
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    /**
     * The longest lifetime any API may ask of an access token (coinduchef's document
     * fixes 30 minutes): a retired key stays published this long. From settings, so
     * every process agrees, a restarted one included.
     */
    longestAccessTokenTtlSeconds: number;
    signingKeyRotationDays: number;
  };
  mfa: MfaSettings;
  /** The per-IP refresh budget (RATE_LIMIT_REFRESH), counted inside the refresh's own transaction. */
  refreshBudget: RateBudget;
}
