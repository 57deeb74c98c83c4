// The ports and settings every core service is built from.

import type { MailDeps } from './mail.js';
import type { Clock, PasswordHasher, SecretBox, Store } from './ports.js';
import type { CoreSettings } from './settings.js';
import type { WebhookDestinations } from './webhooks.js';

export interface CoreDeps {
  store: Store;
  hasher: PasswordHasher;
  clock: Clock;
  settings: CoreSettings;
  mail: MailDeps;
  /** Where webhooks may be sent (the SSRF guard, which resolves names). */
  webhookDestinations: WebhookDestinations;
  secrets: SecretBox;
}
