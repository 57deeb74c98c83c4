// The ports and settings every core service is built from.

import type { MailDeps } from './mail.js';
import type { Clock, PasswordHasher, SecretBox, Store } from './ports.js';
import type { CoreSettings } from './settings.js';

export interface CoreDeps {
  store: Store;
  hasher: PasswordHasher;
  clock: Clock;
  settings: CoreSettings;
  mail: MailDeps;
  secrets: SecretBox;
}
