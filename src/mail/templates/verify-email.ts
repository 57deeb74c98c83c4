import type { MailTemplate } from './types.js';

export const verifyEmail: MailTemplate = {
  en: {
    subject: 'Confirm your email address for {product}',
    body: ['Please confirm that this address is yours to activate your {product} account.'],
    action: 'Confirm my address',
    after: ['This link works for {hours} hours.', 'If you did not create an account, you can ignore this message.'],
  },
  fr: {
    subject: 'Confirmez votre adresse e-mail pour {product}',
    body: ['Merci de confirmer que cette adresse est bien la vôtre pour activer votre compte {product}.'],
    action: 'Confirmer mon adresse',
    after: ['Ce lien est valable {hours} heures.', 'Si vous n’avez pas créé de compte, ignorez ce message.'],
  },
  es: {
    subject: 'Confirme su dirección de correo para {product}',
    body: ['Confirme que esta dirección es suya para activar su cuenta de {product}.'],
    action: 'Confirmar mi dirección',
    after: ['Este enlace es válido durante {hours} horas.', 'Si no ha creado ninguna cuenta, ignore este mensaje.'],
  },
  de: {
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für {product}',
    body: ['Bitte bestätigen Sie, dass diese Adresse Ihnen gehört, um Ihr {product}-Konto zu aktivieren.'],
    action: 'Adresse bestätigen',
    after: [
      'Dieser Link ist {hours} Stunden gültig.',
      'Wenn Sie kein Konto angelegt haben, können Sie diese Nachricht ignorieren.',
    ],
  },
};
