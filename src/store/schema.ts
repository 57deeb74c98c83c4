// Row types of the kernel's tables, the one schema both databases share (an API
// adapter that owns tables declares their rows beside its repositories). Timestamps are written as
// ISO-8601 text and come back as text (SQLite) or Date (PostgreSQL); booleans are
// written as 0/1 and come back as numbers or booleans. Mappers smooth that out.

import type { ColumnType, Generated } from 'kysely';
import type { MfaTables } from './mfa-schema.js';

export type Timestamp = ColumnType<Date | string, string, string>;
export type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
export type Flag = ColumnType<boolean | number, number, number>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_normalized: string;
  email_verified_at: NullableTimestamp;
  username: string | null;
  username_normalized: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  birthdate: string | null;
  address_street: string | null;
  address_city: string | null;
  address_zip: string | null;
  address_country: string | null;
  social_facebook: string | null;
  social_twitter: string | null;
  role: string;
  locale: string;
  dark_mode: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface CredentialsTable {
  user_id: number;
  password_hash: string;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  api: string;
  secret_hash: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  expires_at: Timestamp;
  remember: Flag;
  revoked_at: NullableTimestamp;
  user_agent: string | null;
  ip: string | null;
  /** The OpenID Connect client's name, for a session of api "oidc". */
  client: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OneTimeTokensTable {
  id: string;
  user_id: number;
  purpose: string;
  secret_hash: string;
  payload: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Timestamp;
  action: string;
  actor_user_id: number | null;
  target_user_id: number | null;
  api: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
}

export interface SignInThrottlesTable {
  key: string;
  failures: number;
  locked_until: NullableTimestamp;
  updated_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<number>;
  kind: string;
  user_id: number | null;
  to_address: string;
  to_normalized: string;
  /** JSON array of addresses. */
  bcc: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  claim_token: string | null;
  lease_until: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** The id a legacy API shows for an imported account. */
export interface LegacyIdsTable {
  api: string;
  legacy_id: number;
  user_id: number;
}

/** rate-limiter-flexible's row: `expire` in epoch milliseconds (int8 comes back as a number). */
export interface RateLimitsTable {
  key: string;
  points: number;
  expire: number | null;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  /** JSON array of event types. */
  events: string;
  secret: string;
  enabled: Flag;
  disabled_reason: string | null;
  failing_since: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  message_id: string;
  event_type: string;
  ordering_key: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  claim_token: string | null;
  lease_until: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface Database extends MfaTables {
  users: UsersTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  one_time_tokens: OneTimeTokensTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
  sign_in_throttles: SignInThrottlesTable;
  mail_outbox: MailOutboxTable;
  legacy_ids: LegacyIdsTable;
  rate_limits: RateLimitsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
