import type { MailTemplate } from './types.js';

export const passwordReset: MailTemplate = {
  en: {
    subject: 'Reset your {product} password',
    body: ['Someone asked to reset the password of your {product} account. Choose a new one here:'],
    action: 'Choose a new password',
    after: [
      'This link works for {hours} hour and only once. Resetting your password signs you out everywhere.',
      'If you did not ask for this, ignore this message: your password stays the same.',
    ],
  },
  fr: {
    subject: 'Réinitialisez votre mot de passe {product}',
    body: ['Une réinitialisation du mot de passe de votre compte {product} a été demandée. Choisissez-en un nouveau ici :'],
    action: 'Choisir un nouveau mot de passe',
    after: [
      'Ce lien est valable {hours} heure et une seule fois. La réinitialisation vous déconnecte partout.',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ],
  },
  es: {
    subject: 'Restablezca su contraseña de {product}',
    body: ['Se ha solicitado restablecer la contraseña de su cuenta de {product}. Elija una nueva aquí:'],
    action: 'Elegir una nueva contraseña',
    after: [
      'Este enlace es válido durante {hours} hora y una sola vez. Al restablecerla se cerrarán todas sus sesiones.',
      'Si no lo ha solicitado, ignore este mensaje: su contraseña no cambiará.',
    ],
  },
  de: {
    subject: 'Setzen Sie Ihr {product}-Passwort zurück',
    body: ['Für Ihr {product}-Konto wurde das Zurücksetzen des Passworts angefordert. Wählen Sie hier ein neues:'],
    action: 'Neues Passwort wählen',
    after: [
      'Dieser Link ist {hours} Stunde und nur einmal gültig. Nach dem Zurücksetzen werden Sie überall abgemeldet.',
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
    ],
  },
};
