// The one typed configuration object. Read from the environment once, validated
// with messages that name the variable, frozen, then passed in; nothing else in
// the code reads process.env.

export interface Argon2Params {
  /** Memory cost in KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  mail: {
    productName: string;
    maxAttempts: number;
    perAddressPerHour: number;
  };
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** auto: readable lines on a terminal, JSON otherwise (a file, a pipe, a log collector). */
  logFormat: 'auto' | 'json' | 'pretty';
  /**
   * Which X-Forwarded-For hops to believe for the client IP: false (none, the
   * socket address), a number of proxy hops in front of Sésame, or a comma list of
   * proxy addresses/CIDRs. `true` in the environment means one hop, never "trust
   * any hop", so a client cannot pick its own IP by sending the header itself.
   */
  trustProxy: false | number | string;
  /** Per client IP, per window: the limits of the routes that cost or send something. */
  rateLimits: {
    windowSeconds: number;
    signIn: number;
    signUp: number;
    refresh: number;
    mail: number;
    /** The mail budget's window: windowSeconds, or an hour under the retired MAIL_RATE_LIMIT_PER_IP. */
    mailWindowSeconds: number;
  };
  /** Said once at start (the log): deprecated variables still honoured, and what replaces them. */
  warnings: string[];
  /**
   * The key that encrypts secrets at rest: given (base64 of 32 bytes), read from a
   * file, or generated once into `./data/secrets.key` (see store/secrets-key.ts).
   */
  secrets: { key: string | null; keyFile: string | null };
  /** Origins allowed to call the APIs from a browser; empty: no CORS at all. */
  corsOrigins: string[];
  tokens: {
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    signingKeyRotationDays: number;
  };
  sessions: {
    idleTimeoutSeconds: number;
    absoluteLifetimeSeconds: number;
  };
  password: {
    minLength: number;
  };
  argon2: Argon2Params;
  /** Seed 000's session tokens: valid while used at least once per idle timeout. */
  myclass: { tokenIdleTimeoutSeconds: number; tokenMaxLifetimeSeconds: number };
  /** Where each seed API is served: a prefix on the main port, and optionally the root of a port of its own. */
  apis: Record<SeedApiName, { prefix: string; port: number | null }>;
  webhooks: {
    /** Deliver to loopback, link-local and private addresses (tests, a trusted LAN); off: SSRF guard. */
    allowPrivate: boolean;
    maxAttempts: number;
  };
  metrics: {
    /** Serve /metrics on this port of its own (no auth: bind it where only Prometheus reaches). */
    port: number | null;
    /** Serve /metrics on the main port to `Authorization: Bearer <token>`. */
    token: string | null;
  };
  /** OTLP/HTTP traces endpoint (base URL, /v1/traces is appended); null: tracing off. */
  otlpEndpoint: string | null;
  crdm: {
    /** Idle lifetime of a session signed in without "remember me" (Laravel's 120 minutes). */
    sessionIdleSeconds: number;
    /** Where the CRDM front end lives: its /reset-password page gets the links; null: Sésame's hosted page. */
    frontendUrl: string | null;
    /** The document's 422 for an unknown email at forgot-password (off: no account enumeration). */
    forgotPasswordRevealsUnknown: boolean;
  };
  /** `refuse`: a user with TOTP on cannot sign in through an API without a second step (myclass, userapi, coinduchef). */
  legacyMfa: 'refuse' | 'allow';
  /** The web console's cookie session. */
  console: { sessionIdleSeconds: number };
}

export const SEED_APIS = ['myclass', 'userapi', 'coinduchef', 'crdm'] as const;
export type SeedApiName = (typeof SEED_APIS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Every variable Sésame reads, with its default: the README's table is built from this. */
export const CONFIG_VARIABLES = {
  PORT: { default: '3000', help: 'TCP port of the HTTP server' },
  HOST: { default: '0.0.0.0', help: 'address to listen on' },
  DATABASE_URL: {
    default: 'sqlite:./data/sesame.db',
    help: 'sqlite:<path>, sqlite::memory: or postgres://user:pass@host:port/db',
  },
  SMTP_URL: { default: '', help: 'smtp://user:pass@host:587 or smtps://…; unset: the dev outbox' },
  MAIL_FROM: { default: 'Sésame <no-reply@localhost>', help: 'sender of every mail' },
  PRODUCT_NAME: { default: 'Sésame', help: 'product name shown in mail and hosted pages' },
  MAIL_MAX_ATTEMPTS: { default: '8', help: 'tries before a mail is marked failed (backoff 30 s doubling to 1 h)' },
  MAIL_PER_ADDRESS_PER_HOUR: { default: '6', help: 'most mails sent to one address in an hour' },
  MAIL_RATE_LIMIT_PER_IP: {
    default: '',
    help: 'deprecated (use RATE_LIMIT_MAIL; removed in the next release): when set and RATE_LIMIT_MAIL is not, the mail budget is this many requests per IP per hour',
  },
  PUBLIC_URL: { default: '', help: 'base of links in mail; also the token issuer (unset: http://localhost:PORT)' },
  LOG_LEVEL: { default: 'info', help: 'fatal, error, warn, info, debug, trace or silent' },
  LOG_FORMAT: { default: 'auto', help: 'auto (readable on a terminal, JSON otherwise), json or pretty' },
  TRUST_PROXY: {
    default: 'false',
    help: 'client IP from X-Forwarded-For: false, true (one proxy hop), a hop count, or proxy addresses/CIDRs',
  },
  RATE_LIMIT_WINDOW: { default: '60', help: 'seconds of the per-IP rate-limit window' },
  RATE_LIMIT_SIGN_IN: { default: '30', help: 'sign-in attempts per IP per window' },
  RATE_LIMIT_SIGN_UP: { default: '10', help: 'sign-ups per IP per window' },
  RATE_LIMIT_REFRESH: { default: '120', help: 'token refreshes per IP per window' },
  RATE_LIMIT_MAIL: {
    default: '5',
    help: 'requests that send mail (reset, resend, email change, invitation) per IP per window, and per account for mail to another address',
  },
  SECRETS_KEY: { default: '', help: 'base64 of 32 random bytes that encrypt secrets at rest (signing keys, TOTP secrets); every process must share it' },
  SECRETS_KEY_FILE: { default: '', help: 'file holding that key instead (base64); neither set: generated once into ./data/secrets.key' },
  CORS_ORIGINS: { default: '', help: 'comma list of browser origins allowed by CORS (https://app.example.com); empty: no CORS at all' },
  TOKEN_AUDIENCE: { default: 'sesame', help: '`aud` of access tokens' },
  ACCESS_TOKEN_TTL: { default: '900', help: 'access token lifetime, seconds' },
  SIGNING_KEY_ROTATION_DAYS: { default: '30', help: 'age after which a new signing key is made' },
  SESSION_IDLE_TIMEOUT: { default: '1209600', help: 'seconds a session survives without use (14 days)' },
  SESSION_MAX_LIFETIME: { default: '7776000', help: 'absolute session lifetime, seconds (90 days)' },
  PASSWORD_MIN_LENGTH: { default: '12', help: 'shortest password accepted (8 to 64)' },
  ARGON2_MEMORY_KIB: { default: '19456', help: 'argon2id memory cost (OWASP: 19 MiB)' },
  ARGON2_ITERATIONS: { default: '2', help: 'argon2id time cost' },
  ARGON2_PARALLELISM: { default: '1', help: 'argon2id lanes' },
  MYCLASS_PREFIX: { default: '/myclass/api', help: 'mount of the myclass API (seed 000) on PORT' },
  MYCLASS_PORT: { default: '', help: 'also serve myclass at the root of this port (its clients expect :5000)' },
  MYCLASS_TOKEN_IDLE_TIMEOUT: { default: '1800', help: 'myclass token: seconds without use before it ends (its document: 30 min)' },
  MYCLASS_TOKEN_MAX_LIFETIME: { default: '43200', help: 'myclass token: absolute lifetime however often used, seconds (12 h)' },
  USERAPI_PREFIX: { default: '/userapi', help: 'mount of the userapi API (seed 001) on PORT' },
  USERAPI_PORT: { default: '', help: 'also serve userapi at the root of this port (its clients expect :8081)' },
  COINDUCHEF_PREFIX: { default: '/coinduchef-auth', help: 'mount of the coinduchef API (seeds 002+003) on PORT' },
  COINDUCHEF_PORT: { default: '', help: 'also serve coinduchef at the root of this port' },
  CRDM_PREFIX: { default: '/crdm', help: 'mount of the crdm API (seed 004) on PORT' },
  CRDM_PORT: { default: '', help: 'also serve crdm at the root of this port' },
  CRDM_SESSION_IDLE: { default: '7200', help: 'crdm: seconds a session without "remember me" survives unused' },
  CRDM_FRONTEND_URL: { default: '', help: 'crdm: base URL of the CRDM front end, whose /reset-password page gets the links; unset: the hosted page' },
  WEBHOOKS_ALLOW_PRIVATE: {
    default: 'false',
    help: 'true lets webhooks reach loopback, link-local and private addresses (off: refused, against SSRF)',
  },
  WEBHOOK_MAX_ATTEMPTS: { default: '15', help: 'tries of one webhook delivery before it is marked failed (backoff 30 s doubling to 1 h)' },
  METRICS_PORT: { default: '', help: 'serve GET /metrics (Prometheus) on this port of its own, without auth' },
  METRICS_TOKEN: { default: '', help: 'serve GET /metrics on PORT to `Authorization: Bearer <token>`; neither set: no metrics' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { default: '', help: 'OTLP/HTTP collector base URL (http://collector:4318); set: traces on' },
  CRDM_FORGOT_PASSWORD_REVEALS_UNKNOWN: {
    default: 'false',
    help: 'crdm: true answers 422 for an unknown email at /forgot-password, as the document (reveals accounts)',
  },
  LEGACY_MFA: {
    default: 'refuse',
    help: 'refuse or allow: sign-in with the password alone, through myclass, userapi or coinduchef, of a user with two-step verification on',
  },
  CONSOLE_SESSION_IDLE: { default: '1800', help: 'web console (/account, /admin): seconds a signed-in console session survives unused' },
} as const;

type VariableName = keyof typeof CONFIG_VARIABLES;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env): Readonly<Config> {
  const problems: string[] = [];
  const raw = (name: VariableName): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? CONFIG_VARIABLES[name].default : value.trim();
  };
  const integer = (name: VariableName, min: number, max: number): number => {
    const text = raw(name);
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
      return Number(CONFIG_VARIABLES[name].default);
    }
    return value;
  };
  const boolean = (name: VariableName): boolean => {
    const text = raw(name).toLowerCase();
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    problems.push(`${name}=${JSON.stringify(text)} must be true or false`);
    return false;
  };
  const oneOf = <T extends string>(name: VariableName, values: readonly T[]): T => {
    const text = raw(name).toLowerCase();
    if ((values as readonly string[]).includes(text)) return text as T;
    problems.push(`${name}=${JSON.stringify(text)} must be one of ${values.join(', ')}`);
    return CONFIG_VARIABLES[name].default as T;
  };
  const url = (name: VariableName, protocols: string[]): string => {
    const text = raw(name);
    try {
      const parsed = new URL(text);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must start with ${protocols.join(' or ')} (got ${parsed.protocol})`);
      }
    } catch {
      problems.push(`${name}=${JSON.stringify(text)} is not a URL`);
    }
    return text;
  };

  const databaseUrl = raw('DATABASE_URL');
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL=${JSON.stringify(databaseUrl)} must be sqlite:<path>, sqlite::memory: or postgres://…`,
    );
  }
  const smtpUrl = raw('SMTP_URL') === '' ? null : url('SMTP_URL', ['smtp:', 'smtps:']);
  const logLevel = raw('LOG_LEVEL') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = raw('LOG_FORMAT') as Config['logFormat'];
  if (!['auto', 'json', 'pretty'].includes(logFormat)) problems.push('LOG_FORMAT must be auto, json or pretty');
  const port = integer('PORT', 0, 65535);
  // Unset, links and the issuer follow the port actually configured.
  const publicUrl = (raw('PUBLIC_URL') === '' ? `http://localhost:${port}` : url('PUBLIC_URL', ['http:', 'https:'])).replace(/\/+$/, '');
  const trustProxy = parseTrustProxy(raw('TRUST_PROXY'), problems);
  const corsOrigins = raw('CORS_ORIGINS')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS entry ${JSON.stringify(origin)} must be an origin like https://app.example.com`);
    }
  }

  const prefix = (name: VariableName): string => {
    const text = raw(name);
    if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(text)) {
      problems.push(`${name}=${JSON.stringify(text)} must be a path like /name or /name/api`);
    }
    return text;
  };
  const optionalPort = (name: VariableName): number | null => (raw(name) === '' ? null : integer(name, 1, 65535));
  const apis = {
    myclass: { prefix: prefix('MYCLASS_PREFIX'), port: optionalPort('MYCLASS_PORT') },
    userapi: { prefix: prefix('USERAPI_PREFIX'), port: optionalPort('USERAPI_PORT') },
    coinduchef: { prefix: prefix('COINDUCHEF_PREFIX'), port: optionalPort('COINDUCHEF_PORT') },
    crdm: { prefix: prefix('CRDM_PREFIX'), port: optionalPort('CRDM_PORT') },
  };

  const warnings: string[] = [];
  const windowSeconds = integer('RATE_LIMIT_WINDOW', 1, 86_400);
  const rateLimits: Config['rateLimits'] = {
    windowSeconds,
    signIn: integer('RATE_LIMIT_SIGN_IN', 1, 1_000_000),
    signUp: integer('RATE_LIMIT_SIGN_UP', 1, 1_000_000),
    refresh: integer('RATE_LIMIT_REFRESH', 1, 1_000_000),
    mail: integer('RATE_LIMIT_MAIL', 1, 1_000_000),
    mailWindowSeconds: windowSeconds,
  };
  // One release of grace: the old hourly per-route mail limit becomes the shared mail budget.
  if (raw('MAIL_RATE_LIMIT_PER_IP') !== '') {
    const perHour = integer('MAIL_RATE_LIMIT_PER_IP', 1, 1_000_000);
    if ((env.RATE_LIMIT_MAIL ?? '').trim() === '') {
      Object.assign(rateLimits, { mail: perHour, mailWindowSeconds: 3600 });
      warnings.push(
        `MAIL_RATE_LIMIT_PER_IP is deprecated and goes in the next release: the mail budget is ${perHour} requests per IP per hour, ` +
          'shared by every mail-sending route; set RATE_LIMIT_MAIL (per RATE_LIMIT_WINDOW) instead',
      );
    } else {
      warnings.push('MAIL_RATE_LIMIT_PER_IP is deprecated and ignored: RATE_LIMIT_MAIL is set and is the mail budget');
    }
  }

  const secrets = parseSecretsKey(raw('SECRETS_KEY'), raw('SECRETS_KEY_FILE'), problems);

  const config: Config = {
    port,
    host: raw('HOST'),
    databaseUrl,
    smtpUrl,
    mailFrom: raw('MAIL_FROM'),
    mail: {
      productName: raw('PRODUCT_NAME'),
      maxAttempts: integer('MAIL_MAX_ATTEMPTS', 1, 50),
      perAddressPerHour: integer('MAIL_PER_ADDRESS_PER_HOUR', 1, 1000),
    },
    publicUrl,
    logLevel,
    logFormat,
    trustProxy,
    rateLimits,
    warnings,
    secrets,
    corsOrigins,
    tokens: {
      issuer: publicUrl,
      audience: raw('TOKEN_AUDIENCE'),
      accessTokenTtlSeconds: integer('ACCESS_TOKEN_TTL', 30, 86_400),
      signingKeyRotationDays: integer('SIGNING_KEY_ROTATION_DAYS', 1, 3650),
    },
    sessions: {
      idleTimeoutSeconds: integer('SESSION_IDLE_TIMEOUT', 60, 31_536_000),
      absoluteLifetimeSeconds: integer('SESSION_MAX_LIFETIME', 60, 315_360_000),
    },
    password: { minLength: integer('PASSWORD_MIN_LENGTH', 8, 64) },
    argon2: {
      memoryCost: integer('ARGON2_MEMORY_KIB', 64, 4_194_304),
      timeCost: integer('ARGON2_ITERATIONS', 1, 100),
      parallelism: integer('ARGON2_PARALLELISM', 1, 16),
    },
    myclass: {
      tokenIdleTimeoutSeconds: integer('MYCLASS_TOKEN_IDLE_TIMEOUT', 60, 86_400),
      tokenMaxLifetimeSeconds: integer('MYCLASS_TOKEN_MAX_LIFETIME', 60, 31_536_000),
    },
    apis,
    webhooks: {
      allowPrivate: boolean('WEBHOOKS_ALLOW_PRIVATE'),
      maxAttempts: integer('WEBHOOK_MAX_ATTEMPTS', 1, 100),
    },
    metrics: {
      port: optionalPort('METRICS_PORT'),
      token: raw('METRICS_TOKEN') === '' ? null : metricsToken(raw('METRICS_TOKEN'), problems),
    },
    otlpEndpoint:
      raw('OTEL_EXPORTER_OTLP_ENDPOINT') === ''
        ? null
        : url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']).replace(/\/+$/, ''),
    crdm: {
      sessionIdleSeconds: integer('CRDM_SESSION_IDLE', 60, 31_536_000),
      frontendUrl: raw('CRDM_FRONTEND_URL') === '' ? null : url('CRDM_FRONTEND_URL', ['http:', 'https:']).replace(/\/+$/, ''),
      forgotPasswordRevealsUnknown: boolean('CRDM_FORGOT_PASSWORD_REVEALS_UNKNOWN'),
    },
    legacyMfa: oneOf('LEGACY_MFA', ['refuse', 'allow'] as const),
    console: { sessionIdleSeconds: integer('CONSOLE_SESSION_IDLE', 60, 86_400) },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function metricsToken(text: string, problems: string[]): string {
  if (text.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  return text;
}

function parseSecretsKey(key: string, keyFile: string, problems: string[]): Config['secrets'] {
  if (key !== '' && keyFile !== '') problems.push('SECRETS_KEY and SECRETS_KEY_FILE are both set: give one');
  if (key === '') return { key: null, keyFile: keyFile === '' ? null : keyFile };
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64').replace(/=+$/, '') !== key.replace(/=+$/, '')) {
    problems.push('SECRETS_KEY must be the base64 of 32 bytes (openssl rand -base64 32)');
    return { key: null, keyFile: null };
  }
  return { key, keyFile: null };
}

function parseTrustProxy(text: string, problems: string[]): false | number | string {
  const lower = text.toLowerCase();
  if (['false', '0', 'no'].includes(lower)) return false;
  if (['true', 'yes'].includes(lower)) return 1;
  if (/^\d+$/.test(text) && Number(text) <= 10) return Number(text);
  if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(text)) return text;
  problems.push(`TRUST_PROXY=${JSON.stringify(text)} must be false, true, a hop count up to 10, or proxy addresses`);
  return false;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
