// The domain objects every API sees, whatever names its wire format gives them.

export const ROLES = ['USER', 'MODERATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['fr', 'en', 'es', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Address {
  street: string | null;
  city: string | null;
  zip: string | null;
  country: string | null;
}

export interface Social {
  facebook: string | null;
  twitter: string | null;
}

export interface User {
  id: number;
  email: string;
  emailVerifiedAt: Date | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  /** Calendar date, YYYY-MM-DD. */
  birthdate: string | null;
  address: Address;
  social: Social;
  role: Role;
  locale: Locale;
  darkMode: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** The fields a user may change on their own account. */
export interface ProfilePatch {
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  phone?: string | null;
  birthdate?: string | null;
  address?: Partial<Address>;
  social?: Partial<Social>;
  locale?: Locale;
  darkMode?: boolean;
}

/** What only an administrator (or a verified flow) may change. */
export interface PrivilegedPatch extends ProfilePatch {
  email?: string;
  role?: Role;
  emailVerified?: boolean;
}

export interface Session {
  id: string;
  userId: number;
  /** The API the sign-in came through (native, myclass, userapi, coinduchef, crdm, cli). */
  api: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  remember: boolean;
  revokedAt: Date | null;
  userAgent: string | null;
  ip: string | null;
}

export interface RefreshTokenRecord {
  id: string;
  sessionId: string;
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface SigningKey {
  kid: string;
  alg: 'EdDSA';
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface AuditEvent {
  id: number;
  at: Date;
  action: string;
  actorUserId: number | null;
  targetUserId: number | null;
  api: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** Where a request came from: recorded with sessions and audit events. */
export interface RequestContext {
  api: string;
  ip: string | null;
  userAgent: string | null;
}

export const ROLE_LEVEL: Record<Role, number> = { USER: 1, MODERATOR: 2, ADMIN: 3 };

export function roleFromLevel(level: number): Role | null {
  return ROLES.find((role) => ROLE_LEVEL[role] === level) ?? null;
}
