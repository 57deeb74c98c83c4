// The words of the hosted pages in every locale, policy errors included.

import type { PolicyRule } from '../core/errors.js';
import type { Locale } from '../core/model.js';

export interface PageWords {
  verifyTitle: string;
  verified: string;
  resetTitle: string;
  inviteTitle: string;
  inviteIntro: string;
  resetIntro: string;
  newPassword: string;
  confirmPassword: string;
  passwordHint: string;
  submitReset: string;
  submitInvite: string;
  passwordSet: string;
  mismatch: string;
  confirmEmailTitle: string;
  confirmEmailIntro: string;
  submitConfirmEmail: string;
  emailChanged: string;
  emailTaken: string;
  linkInvalid: string;
  linkExpired: string;
  tooMany: string;
  failure: string;
  errorTitle: string;
  rules: Record<PolicyRule, string>;
}

export const pageWords: Record<Locale, PageWords> = {
  en: {
    verifyTitle: 'Email verification',
    verified: 'Thank you: your email address {email} is verified.',
    resetTitle: 'Choose a new password',
    inviteTitle: 'Welcome: choose your password',
    inviteIntro: 'Choose the password of your account {email}.',
    resetIntro: 'Choose a new password for {email}. You will be signed out everywhere.',
    newPassword: 'New password',
    confirmPassword: 'Confirm the new password',
    passwordHint: 'At least {min} characters; a long phrase is easy to remember and hard to guess.',
    submitReset: 'Change my password',
    submitInvite: 'Set my password',
    passwordSet: 'Your password is set. You can now sign in with it.',
    mismatch: 'The two passwords are not the same.',
    confirmEmailTitle: 'Confirm your new email address',
    confirmEmailIntro: 'Use {email} as the address of your account?',
    submitConfirmEmail: 'Confirm',
    emailChanged: 'Done: your account now uses {email}.',
    emailTaken: 'This address is already used by another account; nothing was changed.',
    linkInvalid: 'This link is not valid or was already used. Ask for a new one.',
    linkExpired: 'This link has expired. Ask for a new one.',
    tooMany: 'Too many attempts; try again later.',
    failure: 'Something went wrong on our side (reference {id}). Please try again later.',
    errorTitle: 'Sorry',
    rules: {
      too_short: 'The password is too short: at least {min} characters.',
      too_long: 'The password is too long: at most 256 characters.',
      common_password: 'This password is too common; choose another one.',
      contains_email: 'The password must not be your email address.',
      missing_lowercase: 'Add a lowercase letter.',
      missing_uppercase: 'Add an uppercase letter.',
      missing_digit: 'Add a digit.',
      missing_symbol: 'Add a special character.',
      same_as_current: 'The new password must differ from the current one.',
    },
  },
  fr: {
    verifyTitle: 'Vérification de l’adresse e-mail',
    verified: 'Merci : votre adresse e-mail {email} est vérifiée.',
    resetTitle: 'Choisissez un nouveau mot de passe',
    inviteTitle: 'Bienvenue : choisissez votre mot de passe',
    inviteIntro: 'Choisissez le mot de passe de votre compte {email}.',
    resetIntro: 'Choisissez un nouveau mot de passe pour {email}. Vous serez déconnecté partout.',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Confirmez le nouveau mot de passe',
    passwordHint: 'Au moins {min} caractères ; une longue phrase est facile à retenir et difficile à deviner.',
    submitReset: 'Changer mon mot de passe',
    submitInvite: 'Enregistrer mon mot de passe',
    passwordSet: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.',
    mismatch: 'Les deux mots de passe ne sont pas identiques.',
    confirmEmailTitle: 'Confirmez votre nouvelle adresse e-mail',
    confirmEmailIntro: 'Utiliser {email} comme adresse de votre compte ?',
    submitConfirmEmail: 'Confirmer',
    emailChanged: 'C’est fait : votre compte utilise maintenant {email}.',
    emailTaken: 'Cette adresse est déjà utilisée par un autre compte ; rien n’a été modifié.',
    linkInvalid: 'Ce lien n’est pas valide ou a déjà servi. Demandez-en un nouveau.',
    linkExpired: 'Ce lien a expiré. Demandez-en un nouveau.',
    tooMany: 'Trop de tentatives ; réessayez plus tard.',
    failure: 'Une erreur est survenue de notre côté (référence {id}). Réessayez plus tard.',
    errorTitle: 'Désolé',
    rules: {
      too_short: 'Le mot de passe est trop court : au moins {min} caractères.',
      too_long: 'Le mot de passe est trop long : 256 caractères au plus.',
      common_password: 'Ce mot de passe est trop courant ; choisissez-en un autre.',
      contains_email: 'Le mot de passe ne doit pas être votre adresse e-mail.',
      missing_lowercase: 'Ajoutez une lettre minuscule.',
      missing_uppercase: 'Ajoutez une lettre majuscule.',
      missing_digit: 'Ajoutez un chiffre.',
      missing_symbol: 'Ajoutez un caractère spécial.',
      same_as_current: 'Le nouveau mot de passe doit être différent de l’actuel.',
    },
  },
  es: {
    verifyTitle: 'Verificación del correo electrónico',
    verified: 'Gracias: su dirección {email} está verificada.',
    resetTitle: 'Elija una nueva contraseña',
    inviteTitle: 'Bienvenido: elija su contraseña',
    inviteIntro: 'Elija la contraseña de su cuenta {email}.',
    resetIntro: 'Elija una nueva contraseña para {email}. Se cerrarán todas sus sesiones.',
    newPassword: 'Nueva contraseña',
    confirmPassword: 'Confirme la nueva contraseña',
    passwordHint: 'Al menos {min} caracteres; una frase larga es fácil de recordar y difícil de adivinar.',
    submitReset: 'Cambiar mi contraseña',
    submitInvite: 'Guardar mi contraseña',
    passwordSet: 'Su contraseña está guardada. Ya puede iniciar sesión con ella.',
    mismatch: 'Las dos contraseñas no coinciden.',
    confirmEmailTitle: 'Confirme su nueva dirección de correo',
    confirmEmailIntro: '¿Usar {email} como dirección de su cuenta?',
    submitConfirmEmail: 'Confirmar',
    emailChanged: 'Hecho: su cuenta usa ahora {email}.',
    emailTaken: 'Otra cuenta ya usa esta dirección; no se ha cambiado nada.',
    linkInvalid: 'Este enlace no es válido o ya se ha usado. Solicite uno nuevo.',
    linkExpired: 'Este enlace ha caducado. Solicite uno nuevo.',
    tooMany: 'Demasiados intentos; inténtelo más tarde.',
    failure: 'Algo ha fallado por nuestra parte (referencia {id}). Inténtelo más tarde.',
    errorTitle: 'Lo sentimos',
    rules: {
      too_short: 'La contraseña es demasiado corta: al menos {min} caracteres.',
      too_long: 'La contraseña es demasiado larga: 256 caracteres como máximo.',
      common_password: 'Esta contraseña es demasiado común; elija otra.',
      contains_email: 'La contraseña no puede ser su dirección de correo.',
      missing_lowercase: 'Añada una letra minúscula.',
      missing_uppercase: 'Añada una letra mayúscula.',
      missing_digit: 'Añada un número.',
      missing_symbol: 'Añada un carácter especial.',
      same_as_current: 'La nueva contraseña debe ser distinta de la actual.',
    },
  },
  de: {
    verifyTitle: 'Bestätigung der E-Mail-Adresse',
    verified: 'Danke: Ihre E-Mail-Adresse {email} ist bestätigt.',
    resetTitle: 'Neues Passwort wählen',
    inviteTitle: 'Willkommen: Wählen Sie Ihr Passwort',
    inviteIntro: 'Wählen Sie das Passwort Ihres Kontos {email}.',
    resetIntro: 'Wählen Sie ein neues Passwort für {email}. Sie werden überall abgemeldet.',
    newPassword: 'Neues Passwort',
    confirmPassword: 'Neues Passwort bestätigen',
    passwordHint: 'Mindestens {min} Zeichen; ein langer Satz ist leicht zu merken und schwer zu erraten.',
    submitReset: 'Passwort ändern',
    submitInvite: 'Passwort speichern',
    passwordSet: 'Ihr Passwort ist gespeichert. Sie können sich jetzt damit anmelden.',
    mismatch: 'Die beiden Passwörter stimmen nicht überein.',
    confirmEmailTitle: 'Neue E-Mail-Adresse bestätigen',
    confirmEmailIntro: '{email} als Adresse Ihres Kontos verwenden?',
    submitConfirmEmail: 'Bestätigen',
    emailChanged: 'Erledigt: Ihr Konto verwendet jetzt {email}.',
    emailTaken: 'Diese Adresse wird bereits von einem anderen Konto verwendet; nichts wurde geändert.',
    linkInvalid: 'Dieser Link ist ungültig oder wurde bereits verwendet. Fordern Sie einen neuen an.',
    linkExpired: 'Dieser Link ist abgelaufen. Fordern Sie einen neuen an.',
    tooMany: 'Zu viele Versuche; versuchen Sie es später erneut.',
    failure: 'Bei uns ist ein Fehler aufgetreten (Referenz {id}). Versuchen Sie es später erneut.',
    errorTitle: 'Entschuldigung',
    rules: {
      too_short: 'Das Passwort ist zu kurz: mindestens {min} Zeichen.',
      too_long: 'Das Passwort ist zu lang: höchstens 256 Zeichen.',
      common_password: 'Dieses Passwort ist zu verbreitet; wählen Sie ein anderes.',
      contains_email: 'Das Passwort darf nicht Ihre E-Mail-Adresse sein.',
      missing_lowercase: 'Fügen Sie einen Kleinbuchstaben hinzu.',
      missing_uppercase: 'Fügen Sie einen Großbuchstaben hinzu.',
      missing_digit: 'Fügen Sie eine Ziffer hinzu.',
      missing_symbol: 'Fügen Sie ein Sonderzeichen hinzu.',
      same_as_current: 'Das neue Passwort muss sich vom aktuellen unterscheiden.',
    },
  },
};
