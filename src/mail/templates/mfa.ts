// Notices of two-step sign-in changes: no link, only what happened and what to do
// if it was not the user.

import type { MailTemplate } from './types.js';

const notYou = {
  en: 'If this was not you, change your password now and contact your administrator.',
  fr: 'Si vous n’êtes pas à l’origine de ce changement, changez votre mot de passe et contactez votre administrateur.',
  es: 'Si no ha sido usted, cambie su contraseña ahora y contacte con su administrador.',
  de: 'Wenn Sie das nicht waren, ändern Sie jetzt Ihr Passwort und wenden Sie sich an Ihren Administrator.',
};

export const mfaEnabled: MailTemplate = {
  en: {
    subject: 'Two-step verification is on for your {product} account',
    body: ['Two-step verification with an authenticator app was turned on for your {product} account. Signing in now asks for a code from the app.'],
    after: ['Keep your recovery codes somewhere safe.', notYou.en],
  },
  fr: {
    subject: 'La validation en deux étapes est activée sur votre compte {product}',
    body: ['La validation en deux étapes par application d’authentification a été activée sur votre compte {product}. La connexion demande désormais un code de l’application.'],
    after: ['Conservez vos codes de secours en lieu sûr.', notYou.fr],
  },
  es: {
    subject: 'La verificación en dos pasos está activada en su cuenta de {product}',
    body: ['Se ha activado la verificación en dos pasos con una aplicación de autenticación en su cuenta de {product}. Iniciar sesión ahora pide un código de la aplicación.'],
    after: ['Guarde sus códigos de recuperación en un lugar seguro.', notYou.es],
  },
  de: {
    subject: 'Die Zwei-Schritt-Verifizierung ist für Ihr {product}-Konto aktiviert',
    body: ['Für Ihr {product}-Konto wurde die Zwei-Schritt-Verifizierung mit einer Authenticator-App aktiviert. Die Anmeldung verlangt jetzt einen Code aus der App.'],
    after: ['Bewahren Sie Ihre Wiederherstellungscodes sicher auf.', notYou.de],
  },
};

export const mfaDisabled: MailTemplate = {
  en: {
    subject: 'Two-step verification is off for your {product} account',
    body: ['Two-step verification with an authenticator app was turned off for your {product} account; its recovery codes no longer work.'],
    after: [notYou.en],
  },
  fr: {
    subject: 'La validation en deux étapes est désactivée sur votre compte {product}',
    body: ['La validation en deux étapes par application d’authentification a été désactivée sur votre compte {product} ; ses codes de secours ne fonctionnent plus.'],
    after: [notYou.fr],
  },
  es: {
    subject: 'La verificación en dos pasos está desactivada en su cuenta de {product}',
    body: ['Se ha desactivado la verificación en dos pasos con aplicación de autenticación en su cuenta de {product}; sus códigos de recuperación ya no funcionan.'],
    after: [notYou.es],
  },
  de: {
    subject: 'Die Zwei-Schritt-Verifizierung ist für Ihr {product}-Konto deaktiviert',
    body: ['Die Zwei-Schritt-Verifizierung mit Authenticator-App wurde für Ihr {product}-Konto deaktiviert; die Wiederherstellungscodes gelten nicht mehr.'],
    after: [notYou.de],
  },
};

export const recoveryCodesRenewed: MailTemplate = {
  en: {
    subject: 'New recovery codes for your {product} account',
    body: ['A new set of recovery codes was made for your {product} account; the previous codes no longer work.'],
    after: [notYou.en],
  },
  fr: {
    subject: 'Nouveaux codes de secours pour votre compte {product}',
    body: ['De nouveaux codes de secours ont été générés pour votre compte {product} ; les anciens ne fonctionnent plus.'],
    after: [notYou.fr],
  },
  es: {
    subject: 'Nuevos códigos de recuperación para su cuenta de {product}',
    body: ['Se ha generado un nuevo juego de códigos de recuperación para su cuenta de {product}; los anteriores ya no funcionan.'],
    after: [notYou.es],
  },
  de: {
    subject: 'Neue Wiederherstellungscodes für Ihr {product}-Konto',
    body: ['Für Ihr {product}-Konto wurden neue Wiederherstellungscodes erstellt; die bisherigen gelten nicht mehr.'],
    after: [notYou.de],
  },
};

export const passkeyAdded: MailTemplate = {
  en: {
    subject: 'A passkey was added to your {product} account',
    body: ['A new passkey was added to your {product} account: it can now be used to sign in.'],
    after: [notYou.en],
  },
  fr: {
    subject: 'Une clé d’accès a été ajoutée à votre compte {product}',
    body: ['Une nouvelle clé d’accès (passkey) a été ajoutée à votre compte {product} : elle permet désormais de se connecter.'],
    after: [notYou.fr],
  },
  es: {
    subject: 'Se ha añadido una llave de acceso a su cuenta de {product}',
    body: ['Se ha añadido una nueva llave de acceso (passkey) a su cuenta de {product}: ya puede usarse para iniciar sesión.'],
    after: [notYou.es],
  },
  de: {
    subject: 'Ihrem {product}-Konto wurde ein Passkey hinzugefügt',
    body: ['Ihrem {product}-Konto wurde ein neuer Passkey hinzugefügt: Er kann ab jetzt zur Anmeldung verwendet werden.'],
    after: [notYou.de],
  },
};

export const passkeyRemoved: MailTemplate = {
  en: {
    subject: 'A passkey was removed from your {product} account',
    body: ['A passkey was removed from your {product} account: it can no longer be used to sign in.'],
    after: [notYou.en],
  },
  fr: {
    subject: 'Une clé d’accès a été retirée de votre compte {product}',
    body: ['Une clé d’accès (passkey) a été retirée de votre compte {product} : elle ne permet plus de se connecter.'],
    after: [notYou.fr],
  },
  es: {
    subject: 'Se ha eliminado una llave de acceso de su cuenta de {product}',
    body: ['Se ha eliminado una llave de acceso (passkey) de su cuenta de {product}: ya no sirve para iniciar sesión.'],
    after: [notYou.es],
  },
  de: {
    subject: 'Ein Passkey wurde aus Ihrem {product}-Konto entfernt',
    body: ['Ein Passkey wurde aus Ihrem {product}-Konto entfernt: Er kann nicht mehr zur Anmeldung verwendet werden.'],
    after: [notYou.de],
  },
};

export const mfaReset: MailTemplate = {
  en: {
    subject: 'Two-step verification of your {product} account was reset',
    body: ['An administrator removed the authenticator app, recovery codes and passkeys of your {product} account. You sign in with your password alone until you set up two-step verification again.'],
    after: [notYou.en],
  },
  fr: {
    subject: 'La validation en deux étapes de votre compte {product} a été réinitialisée',
    body: ['Un administrateur a retiré l’application d’authentification, les codes de secours et les clés d’accès de votre compte {product}. Vous vous connectez avec votre seul mot de passe jusqu’à la réactivation de la validation en deux étapes.'],
    after: [notYou.fr],
  },
  es: {
    subject: 'Se ha restablecido la verificación en dos pasos de su cuenta de {product}',
    body: ['Un administrador ha eliminado la aplicación de autenticación, los códigos de recuperación y las llaves de acceso de su cuenta de {product}. Iniciará sesión solo con su contraseña hasta que vuelva a activar la verificación en dos pasos.'],
    after: [notYou.es],
  },
  de: {
    subject: 'Die Zwei-Schritt-Verifizierung Ihres {product}-Kontos wurde zurückgesetzt',
    body: ['Ein Administrator hat die Authenticator-App, die Wiederherstellungscodes und die Passkeys Ihres {product}-Kontos entfernt. Sie melden sich nur mit Ihrem Passwort an, bis Sie die Zwei-Schritt-Verifizierung erneut einrichten.'],
    after: [notYou.de],
  },
};
