// What the core needs to know of the configuration, handed in by app.ts.

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
    signingKeyRotationDays: number;
  };
  /** The per-IP refresh budget (RATE_LIMIT_REFRESH), counted inside the refresh's own transaction. */
  refreshBudget: RateBudget;
}
