// The texts of seed 000's `message`: French, the language of its document and of
// its clients, or English when the client prefers it (Accept-Language).

import type { PolicyRule } from '../../core/errors.js';
import { negotiateLocale } from '../../i18n/negotiate-locale.js';

export type MessageLocale = 'fr' | 'en';

export function messageLocale(acceptLanguage: string | undefined): MessageLocale {
  if (!acceptLanguage) return 'fr';
  const locale = negotiateLocale(acceptLanguage, 'fr');
  return locale === 'fr' ? 'fr' : 'en';
}

const fr = {
  accountCreated: (email: string) => `Compte créé. Un email d'activation a été envoyé à ${email}.`,
  accountActivated: 'Compte activé : vous pouvez vous connecter.',
  accountUpdated: 'Compte mis à jour.',
  emailConfirmed: (email: string) => `Adresse email changée : ${email}.`,
  emailLinkInvalid: 'Lien de confirmation invalide, expiré ou déjà utilisé.',
  emailChangeRequested: (email: string) =>
    `Compte mis à jour. Un lien de confirmation a été envoyé à ${email} : l'adresse changera quand il sera ouvert.`,
  nothingToUpdate: (fields: string) => `Aucun champ à mettre à jour : donnez au moins un de ${fields}.`,
  goalSaved: (name: string, created: boolean) => `Objectif « ${name} » ${created ? 'créé' : 'mis à jour'}.`,
  profileSaved: (name: string, created: boolean) => `Profil « ${name} » ${created ? 'créé' : 'mis à jour'}.`,
  invalidParams: (details: string) => `Paramètres invalides : ${details}.`,
  emailTaken: 'Un compte existe déjà avec cet email.',
  usernameTaken: "Ce nom d'utilisateur est déjà pris.",
  invalidCredentials: 'Email ou mot de passe incorrect.',
  mfaRequired: (url: string) =>
    `La validation en deux étapes est activée pour ce compte et cette API ne peut pas la demander : connectez-vous sur ${url}.`,
  notActivated: "Compte non activé : ouvrez le lien de l'email d'activation.",
  tokenMissing: 'Token manquant : connectez-vous (login) et joignez le token à chaque action.',
  tokenInvalid: 'Token invalide : connectez-vous à nouveau.',
  tokenExpired: 'Token expiré (30 minutes sans activité) : connectez-vous à nouveau.',
  activationLinkInvalid: "Lien d'activation invalide, expiré ou déjà utilisé.",
  forbidden: "Ce token ne permet pas d'agir sur ce compte.",
  userNotFound: 'Aucun compte avec cet email.',
  goalNotFound: 'Aucun objectif de ce nom.',
  profileNotFound: 'Aucun profil de ce nom.',
  notFound: 'Introuvable.',
  passwordRefused: (rules: string) => `Mot de passe refusé : ${rules}.`,
  lastAdmin: 'Le dernier administrateur ne peut pas être retiré.',
  tooManyAttempts: (seconds: number) => `Trop de tentatives : réessayez dans ${seconds} secondes.`,
  noSuchApi: (route: string) => `Cette api n'existe pas : ${route}.`,
  unreadable: 'Requête illisible.',
  tooLarge: 'Requête trop grosse.',
  internal: (id: string) => `Erreur interne (requête ${id}).`,
  rules: {
    too_short: (min: number) => `trop court (au moins ${min} caractères)`,
    too_long: () => 'trop long (256 caractères au plus)',
    common_password: () => 'trop courant',
    contains_email: () => "identique à l'email",
    missing_lowercase: () => 'il manque une minuscule',
    missing_uppercase: () => 'il manque une majuscule',
    missing_digit: () => 'il manque un chiffre',
    missing_symbol: () => 'il manque un caractère spécial',
    same_as_current: () => "identique à l'actuel",
  } satisfies Record<PolicyRule, (min: number) => string>,
  /** Core field messages, worded in French. */
  phrases: [
    [/^is required$/, 'est obligatoire'],
    [/^must be at most (\d+) characters$/, 'doit faire au plus $1 caractères'],
    [/^must be a date written YYYY-MM-DD$/, 'doit être une date AAAA-MM-JJ ou JJ/MM/AAAA'],
    [/^must be a whole number from (\d+) to (\d+)$/, 'doit être un nombre entier de $1 à $2'],
    [/^must be a valid email address$/, 'doit être une adresse email valide'],
    [/^a user has at most (\d+) goals$/, 'un utilisateur a au plus $1 objectifs'],
    [/^a user has at most (\d+) profiles$/, 'un utilisateur a au plus $1 profils'],
    [/^is already taken$/, 'est déjà pris'],
    [/^must be text$/, 'doit être un texte'],
    [/^is given more than once$/, 'est donné plusieurs fois'],
    [/^must be an object$/, 'doit être un objet'],
    [/^must be an object of parameters$/, 'doit être un objet de paramètres'],
    [/^must be fr, en, es or de$/, 'doit être fr, en, es ou de'],
    [/^is already your address$/, 'est déjà votre adresse'],
  ] as [RegExp, string][],
};

export type Messages = typeof fr;

const en: Messages = {
  accountCreated: (email) => `Account created. An activation email was sent to ${email}.`,
  accountActivated: 'Account activated: you can log in.',
  accountUpdated: 'Account updated.',
  emailConfirmed: (email) => `Email address changed: ${email}.`,
  emailLinkInvalid: 'Invalid, expired or already used confirmation link.',
  emailChangeRequested: (email) =>
    `Account updated. A confirmation link was sent to ${email}: the address changes once it is opened.`,
  nothingToUpdate: (fields) => `Nothing to update: give at least one of ${fields}.`,
  goalSaved: (name, created) => `Goal "${name}" ${created ? 'created' : 'updated'}.`,
  profileSaved: (name, created) => `Profile "${name}" ${created ? 'created' : 'updated'}.`,
  invalidParams: (details) => `Invalid parameters: ${details}.`,
  emailTaken: 'An account with this email already exists.',
  usernameTaken: 'This username is already taken.',
  invalidCredentials: 'Wrong email or password.',
  mfaRequired: (url) => `Two-step verification is on for this account and this API cannot ask for it: sign in at ${url}.`,
  notActivated: 'Account not activated: open the link of the activation email.',
  tokenMissing: 'Token missing: log in and send the token with every action.',
  tokenInvalid: 'Invalid token: log in again.',
  tokenExpired: 'Token expired (30 minutes without activity): log in again.',
  activationLinkInvalid: 'Invalid, expired or already used activation link.',
  forbidden: 'This token does not allow acting on this account.',
  userNotFound: 'No account with this email.',
  goalNotFound: 'No goal with this name.',
  profileNotFound: 'No profile with this name.',
  notFound: 'Not found.',
  passwordRefused: (rules) => `Password refused: ${rules}.`,
  lastAdmin: 'The last administrator cannot be removed.',
  tooManyAttempts: (seconds) => `Too many attempts: try again in ${seconds} seconds.`,
  noSuchApi: (route) => `No such api: ${route}.`,
  unreadable: 'The request could not be read.',
  tooLarge: 'The request is too large.',
  internal: (id) => `Internal error (request ${id}).`,
  rules: {
    too_short: (min) => `too short (at least ${min} characters)`,
    too_long: () => 'too long (at most 256 characters)',
    common_password: () => 'too common',
    contains_email: () => 'the same as the email',
    missing_lowercase: () => 'a lowercase letter is missing',
    missing_uppercase: () => 'an uppercase letter is missing',
    missing_digit: () => 'a digit is missing',
    missing_symbol: () => 'a special character is missing',
    same_as_current: () => 'the same as the current one',
  },
  phrases: [],
};

export const MESSAGES: Record<MessageLocale, Messages> = { fr, en };

/** A core field message in the client's language (English ones are the core's own). */
export function phrase(messages: Messages, text: string): string {
  for (const [pattern, replacement] of messages.phrases) {
    if (pattern.test(text)) return text.replace(pattern, replacement);
  }
  return text;
}
