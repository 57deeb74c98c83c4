// The profile as a form: which inputs the account page shows, how a posted form
// becomes a core ProfilePatch (an empty input clears the field), and which core
// field name each input stands for (to label the core's field errors).

import { LOCALES, type Locale, type ProfilePatch, type User } from '../../core/model.js';
import type { ConsoleWords } from './words.js';

type WordKey = keyof ConsoleWords;

export interface ProfileField {
  name: string;
  /** The core's name of the field in validation errors. */
  coreName: string;
  label: WordKey;
  type: 'text' | 'tel' | 'date' | 'url';
  max: number;
  autocomplete?: string;
  read(user: User): string | null;
}

export const PROFILE_FIELDS: ProfileField[] = [
  { name: 'first_name', coreName: 'first_name', label: 'firstName', type: 'text', max: 200, autocomplete: 'given-name', read: (u) => u.firstName },
  { name: 'last_name', coreName: 'last_name', label: 'lastName', type: 'text', max: 200, autocomplete: 'family-name', read: (u) => u.lastName },
  { name: 'username', coreName: 'username', label: 'username', type: 'text', max: 64, autocomplete: 'nickname', read: (u) => u.username },
  { name: 'title', coreName: 'title', label: 'jobTitle', type: 'text', max: 200, autocomplete: 'honorific-prefix', read: (u) => u.title },
  { name: 'phone', coreName: 'phone', label: 'phone', type: 'tel', max: 200, autocomplete: 'tel', read: (u) => u.phone },
  { name: 'birthdate', coreName: 'birthdate', label: 'birthdate', type: 'date', max: 10, autocomplete: 'bday', read: (u) => u.birthdate },
  { name: 'street', coreName: 'address.street', label: 'street', type: 'text', max: 200, autocomplete: 'street-address', read: (u) => u.address.street },
  { name: 'city', coreName: 'address.city', label: 'city', type: 'text', max: 200, autocomplete: 'address-level2', read: (u) => u.address.city },
  { name: 'zip', coreName: 'address.zip', label: 'zip', type: 'text', max: 200, autocomplete: 'postal-code', read: (u) => u.address.zip },
  { name: 'country', coreName: 'address.country', label: 'country', type: 'text', max: 200, autocomplete: 'country-name', read: (u) => u.address.country },
  { name: 'facebook', coreName: 'social.facebook', label: 'facebook', type: 'text', max: 200, read: (u) => u.social.facebook },
  { name: 'twitter', coreName: 'social.twitter', label: 'twitter', type: 'text', max: 200, read: (u) => u.social.twitter },
];

export const LANGUAGES: { code: Locale; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'de', name: 'Deutsch' },
];

/** The inputs' current values, by input name. */
export function profileValues(user: User): Record<string, string> {
  return Object.fromEntries(PROFILE_FIELDS.map((f) => [f.name, f.read(user) ?? '']));
}

export function profilePatchFromForm(body: Record<string, string | undefined>): ProfilePatch {
  const value = (name: string) => {
    const text = body[name]?.trim();
    return text ? text : null;
  };
  const locale = body.locale;
  return {
    firstName: value('first_name'),
    lastName: value('last_name'),
    username: value('username'),
    title: value('title'),
    phone: value('phone'),
    birthdate: value('birthdate'),
    address: { street: value('street'), city: value('city'), zip: value('zip'), country: value('country') },
    social: { facebook: value('facebook'), twitter: value('twitter') },
    ...(locale && (LOCALES as readonly string[]).includes(locale) ? { locale: locale as Locale } : {}),
    darkMode: body.dark_mode === 'on',
  };
}

/** The label of a core field name, for error lists. */
export function fieldLabel(w: ConsoleWords, coreName: string): string {
  const field = PROFILE_FIELDS.find((f) => f.coreName === coreName);
  if (field) return w[field.label];
  const others: Record<string, WordKey> = { email: 'email', new_email: 'newEmail', locale: 'language', role: 'role', id: 'email', url: 'webhookUrl', events: 'webhookEvents' };
  return others[coreName] ? w[others[coreName]] : coreName;
}
