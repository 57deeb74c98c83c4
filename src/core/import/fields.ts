// The field names an import record may use: the native ones, and those the API it
// comes from shows for a user in its seed document (courriel, nom, prenom, level,
// has_conf, phone_number, Name, Surname…). Each alias maps to one native name.

export const IMPORT_APIS = ['native', 'myclass', 'userapi', 'coinduchef', 'crdm'] as const;
export type ImportApi = (typeof IMPORT_APIS)[number];

export const NATIVE_FIELDS = [
  'id',
  'email',
  'username',
  'first_name',
  'last_name',
  'title',
  'phone',
  'birthdate',
  'locale',
  'role',
  'email_verified',
  'created_at',
  'deleted_at',
  'password_hash',
  'hash_format',
  'legacy_ids',
  'address_street',
  'address_city',
  'address_zip',
  'address_country',
  'social_facebook',
  'social_twitter',
  'dark_mode',
] as const;
export type NativeField = (typeof NATIVE_FIELDS)[number];

/** Per API: its own name → the native name (values converted in record.ts). */
const ALIASES: Record<ImportApi, Record<string, NativeField | 'level' | 'has_conf'>> = {
  native: { email_verified_at: 'email_verified' },
  coinduchef: { courriel: 'email', prenom: 'first_name', nom: 'last_name' },
  userapi: { nom: 'last_name', prenom: 'first_name', level: 'level', has_conf: 'has_conf', adding_time: 'created_at' },
  crdm: {
    name: 'last_name',
    phone_number: 'phone',
    localisation: 'locale',
    email_verified_at: 'email_verified',
  },
  // myclass matches its field names case-insensitively (DESIGN, seed 000).
  myclass: {
    name: 'first_name',
    surname: 'last_name',
    mob_phone: 'phone',
    active: 'email_verified',
    adr_street: 'address_street',
    adr_city: 'address_city',
    adr_zip: 'address_zip',
    adr_county: 'address_country',
    adr_country: 'address_country',
    facebook: 'social_facebook',
    twitter: 'social_twitter',
  },
};

/** The record's values under native names (plus userapi's level/has_conf), later keys winning. */
export function nativeNames(api: ImportApi, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const aliases = ALIASES[api];
  for (const [key, value] of Object.entries(flattenGroups(raw))) {
    const k = api === 'myclass' ? key.toLowerCase() : key;
    const name = aliases[k] ?? ((NATIVE_FIELDS as readonly string[]).includes(k) ? k : null);
    if (name !== null && value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** An export's `address` and `social` objects → address_street, social_twitter…. */
function flattenGroups(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((key === 'address' || key === 'social') && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [part, v] of Object.entries(value)) out[`${key}_${part}`] = v;
    } else {
      out[key] = value;
    }
  }
  return out;
}
