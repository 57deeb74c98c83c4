import type { MailTemplate } from './types.js';

/** To the new address: the link that makes the change. */
export const emailChangeConfirm: MailTemplate = {
  en: {
    subject: 'Confirm your new email address for {product}',
    body: ['You asked to use {email} for your {product} account. Confirm it here:'],
    action: 'Confirm the new address',
    after: ['This link works for {hours} hours.', 'If you did not ask for this, ignore this message.'],
  },
  fr: {
    subject: 'Confirmez votre nouvelle adresse e-mail pour {product}',
    body: ['Vous avez demandé à utiliser {email} pour votre compte {product}. Confirmez-le ici :'],
    action: 'Confirmer la nouvelle adresse',
    after: ['Ce lien est valable {hours} heures.', 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.'],
  },
  es: {
    subject: 'Confirme su nueva dirección de correo para {product}',
    body: ['Ha solicitado usar {email} para su cuenta de {product}. Confírmelo aquí:'],
    action: 'Confirmar la nueva dirección',
    after: ['Este enlace es válido durante {hours} horas.', 'Si no lo ha solicitado, ignore este mensaje.'],
  },
  de: {
    subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse für {product}',
    body: ['Sie möchten {email} für Ihr {product}-Konto verwenden. Bestätigen Sie dies hier:'],
    action: 'Neue Adresse bestätigen',
    after: ['Dieser Link ist {hours} Stunden gültig.', 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.'],
  },
};

/** To the old address: a notice, no link. */
export const emailChangeNotice: MailTemplate = {
  en: {
    subject: 'Your {product} email address is about to change',
    body: ['Someone asked to change the email address of your {product} account to {email}.'],
    after: [
      'The change happens only when the new address is confirmed.',
      'If this was not you, change your password now and contact your administrator.',
    ],
  },
  fr: {
    subject: 'L’adresse e-mail de votre compte {product} va changer',
    body: ['Un changement de l’adresse e-mail de votre compte {product} vers {email} a été demandé.'],
    after: [
      'Le changement n’aura lieu qu’une fois la nouvelle adresse confirmée.',
      'Si vous n’êtes pas à l’origine de cette demande, changez votre mot de passe et contactez votre administrateur.',
    ],
  },
  es: {
    subject: 'La dirección de correo de su cuenta de {product} va a cambiar',
    body: ['Se ha solicitado cambiar la dirección de correo de su cuenta de {product} a {email}.'],
    after: [
      'El cambio solo se hará cuando se confirme la nueva dirección.',
      'Si no ha sido usted, cambie su contraseña ahora y contacte con su administrador.',
    ],
  },
  de: {
    subject: 'Die E-Mail-Adresse Ihres {product}-Kontos wird geändert',
    body: ['Es wurde beantragt, die E-Mail-Adresse Ihres {product}-Kontos in {email} zu ändern.'],
    after: [
      'Die Änderung erfolgt erst, wenn die neue Adresse bestätigt ist.',
      'Wenn Sie das nicht waren, ändern Sie jetzt Ihr Passwort und wenden Sie sich an Ihren Administrator.',
    ],
  },
};
