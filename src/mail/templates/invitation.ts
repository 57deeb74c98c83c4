import type { MailTemplate } from './types.js';

export const invitation: MailTemplate = {
  en: {
    subject: 'Your {product} account is ready',
    body: ['An account was created for you on {product} with this address. Choose your password to start:'],
    action: 'Choose my password',
    after: ['This link works for {hours} hours and only once.', 'If you were not expecting this, ignore this message.'],
  },
  fr: {
    subject: 'Votre compte {product} est prêt',
    body: ['Un compte {product} a été créé pour vous avec cette adresse. Choisissez votre mot de passe pour commencer :'],
    action: 'Choisir mon mot de passe',
    after: ['Ce lien est valable {hours} heures et une seule fois.', 'Si vous ne vous y attendiez pas, ignorez ce message.'],
  },
  es: {
    subject: 'Su cuenta de {product} está lista',
    body: ['Se ha creado una cuenta de {product} para usted con esta dirección. Elija su contraseña para empezar:'],
    action: 'Elegir mi contraseña',
    after: ['Este enlace es válido durante {hours} horas y una sola vez.', 'Si no lo esperaba, ignore este mensaje.'],
  },
  de: {
    subject: 'Ihr {product}-Konto ist bereit',
    body: ['Für Sie wurde mit dieser Adresse ein {product}-Konto angelegt. Wählen Sie Ihr Passwort, um zu beginnen:'],
    action: 'Mein Passwort wählen',
    after: ['Dieser Link ist {hours} Stunden und nur einmal gültig.', 'Wenn Sie das nicht erwartet haben, ignorieren Sie diese Nachricht.'],
  },
};
