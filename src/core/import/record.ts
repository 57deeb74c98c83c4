// One line of an import file → a checked record, or the reason it is refused.
// Checks are the kernel's own (email shape, profile rules, roles, hash formats), so
// an imported account is one that any API could have created.

import { parseEmail } from '../email.js';
import { isCoreError } from '../errors.js';
import { DECLARED_FORMATS, readImportedHash, type DeclaredFormat, type ImportedHash } from '../legacy-hashes/formats.js';
import { LOCALES, ROLES, type Locale, type Role } from '../model.js';
import { assertValidProfile } from '../profile-validation.js';
import { IMPORT_APIS, nativeNames, type ImportApi } from './fields.js';

/** Ids must fit the 32-bit user columns, with room for the accounts created after them. */
export const MAX_IMPORTED_ID = 2_000_000_000;

export interface ImportProfile {
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  birthdate: string | null;
  locale: Locale | null;
  addressStreet: string | null;
  addressCity: string | null;
  addressZip: string | null;
  addressCountry: string | null;
  socialFacebook: string | null;
  socialTwitter: string | null;
  darkMode: boolean | null;
}

export interface ImportRecord {
  line: number;
  email: string;
  emailKey: string;
  profile: ImportProfile;
  role: Role;
  emailVerifiedAt: Date | null;
  createdAt: Date | null;
  deletedAt: Date | null;
  /** `--api native`: the Sésame id of an export, kept when free. */
  sesameId: number | null;
  /** The id each legacy API shows: `{X: id}` under `--api X`, an export's legacy_ids under native. */
  legacyIds: Record<string, number>;
  hash: Exclude<ImportedHash, { kind: 'invalid' }> | null;
}

export type ParsedRecord = { ok: true; record: ImportRecord } | { ok: false; line: number; reason: string };

class Refused extends Error {}
const refuse = (reason: string): never => {
  throw new Refused(reason);
};

const text = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') refuse(`${field} must be text`);
  const s = String(value).trim();
  return s === '' ? null : s;
};

function id(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'number' ? value : /^\s*\d{1,10}\s*$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_IMPORTED_ID) refuse(`${field} must be an integer from 1 to ${MAX_IMPORTED_ID}`);
  return n;
}

const ROLE_NAMES: Record<string, Role> = {
  user: 'USER',
  moderator: 'MODERATOR',
  admin: 'ADMIN',
  utilisateur: 'USER',
  moderateur: 'MODERATOR',
  '1': 'USER',
  '2': 'MODERATOR',
  '3': 'ADMIN',
};

function role(value: unknown, field: string): Role | null {
  if (value === undefined || value === null) return null;
  const found = ROLE_NAMES[String(value).trim().toLowerCase()];
  return found ?? refuse(`${field} must be one of ${ROLES.join(', ')} (or the API's own names)`);
}

function date(value: unknown, field: string): Date | null {
  if (value === undefined || value === null) return null;
  // userapi's adding_time is nanoseconds since the epoch.
  const s = String(value).trim();
  const n = typeof value === 'number' ? value : /^\d{10,19}$/.test(s) ? Number(s) : NaN;
  const d = Number.isFinite(n) ? new Date(n > 1e15 ? n / 1e6 : n) : new Date(s);
  return Number.isNaN(d.getTime()) ? refuse(`${field} must be an ISO-8601 date`) : d;
}

/** true/false/1/0, or a date (crdm's email_verified_at): the moment it was verified. */
function verified(value: unknown, field: string, fallback: Date): Date | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim().toLowerCase();
  if (value === true || s === 'true' || s === '1' || s === 'yes') return fallback;
  if (value === false || s === 'false' || s === '0' || s === 'no') return null;
  return date(value, field);
}

function flagOf(value: unknown): boolean | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim().toLowerCase();
  if (value === true || s === 'true' || s === '1') return true;
  if (value === false || s === 'false' || s === '0') return false;
  return refuse('dark_mode must be true or false');
}

function legacyIdMap(value: unknown): Record<string, number> {
  if (value === undefined || value === null) return {};
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      refuse('legacy_ids must be a JSON object such as {"userapi": 74}');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) refuse('legacy_ids must be an object');
  const out: Record<string, number> = {};
  for (const [api, legacy] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(IMPORT_APIS as readonly string[]).includes(api) || api === 'native') refuse(`legacy_ids names an unknown API "${api}"`);
    out[api] = id(legacy, `legacy_ids.${api}`)!;
  }
  return out;
}

function locale(value: unknown): Locale | null {
  const s = text(value, 'locale');
  if (s === null) return null;
  const short = s.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(short) ? (short as Locale) : refuse(`locale must be one of ${LOCALES.join(', ')}`);
}

function hashOf(values: Record<string, unknown>, api: ImportApi): ImportRecord['hash'] {
  const hash = text(values.password_hash, 'password_hash');
  const declaredText = text(values.hash_format, 'hash_format');
  if (declaredText !== null && !(DECLARED_FORMATS as readonly string[]).includes(declaredText)) {
    refuse(`hash_format must be one of ${DECLARED_FORMATS.join(', ')}`);
  }
  if (hash === null) return null;
  const read = readImportedHash(hash, declaredText as DeclaredFormat | null, api);
  return read.kind === 'invalid' ? refuse(read.reason) : read;
}

/** Checks one record of `api`; `now` stands for "verified" without a date. */
export function parseImportRecord(raw: unknown, api: ImportApi, line: number, now: Date): ParsedRecord {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) refuse('a record must be an object');
    const values = nativeNames(api, raw as Record<string, unknown>);
    const email = parseEmail(text(values.email, 'email') ?? refuse('email is missing')) ?? refuse('email is not a valid address');
    const profile: ImportProfile = {
      username: text(values.username, 'username'),
      firstName: text(values.first_name, 'first_name'),
      lastName: text(values.last_name, 'last_name'),
      title: text(values.title, 'title'),
      phone: text(values.phone, 'phone'),
      birthdate: text(values.birthdate, 'birthdate'),
      locale: locale(values.locale),
      addressStreet: text(values.address_street, 'address.street'),
      addressCity: text(values.address_city, 'address.city'),
      addressZip: text(values.address_zip, 'address.zip'),
      addressCountry: text(values.address_country, 'address.country'),
      socialFacebook: text(values.social_facebook, 'social.facebook'),
      socialTwitter: text(values.social_twitter, 'social.twitter'),
      darkMode: flagOf(values.dark_mode),
    };
    try {
      const { addressStreet, addressCity, addressZip, addressCountry, socialFacebook, socialTwitter, darkMode, ...plain } = profile;
      assertValidProfile({
        ...Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== null)),
        address: { street: addressStreet, city: addressCity, zip: addressZip, country: addressCountry },
        social: { facebook: socialFacebook, twitter: socialTwitter },
        ...(darkMode === null ? {} : { darkMode }),
      });
    } catch (error) {
      if (!isCoreError(error, 'validation_failed')) throw error;
      const fields = (error.details.fields ?? {}) as Record<string, string[]>;
      refuse(Object.entries(fields).map(([f, m]) => `${f} ${m.join(', ')}`).join('; ') || error.message);
    }
    const recordId = id(values.id, 'id');
    const legacyIds = api === 'native' ? legacyIdMap(values.legacy_ids) : recordId === null ? {} : { [api]: recordId };
    const record: ImportRecord = {
      line,
      email: email.address,
      emailKey: email.normalized,
      profile,
      role: role(values.role, 'role') ?? role(values.level, 'level') ?? 'USER',
      emailVerifiedAt: verified(values.email_verified, 'email_verified', now) ?? verified(values.has_conf, 'has_conf', now),
      createdAt: date(values.created_at, 'created_at'),
      deletedAt: date(values.deleted_at, 'deleted_at'),
      sesameId: api === 'native' ? recordId : null,
      legacyIds,
      hash: hashOf(values, api),
    };
    return { ok: true, record };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, line, reason: error.message };
    throw error;
  }
}
