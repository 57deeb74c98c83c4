import type { MailTemplate } from './types.js';

// To every admin when Sésame turns off a webhook endpoint; {host} is the endpoint's
// address without its query string.
export const webhookDisabled: MailTemplate = {
  en: {
    subject: '{product} stopped sending webhooks to {host}',
    body: [
      'Every delivery to the webhook endpoint {host} has failed for a day, so {product} turned the endpoint off. Events that happen while it is off are not queued for it.',
    ],
    after: ['Fix the receiver, read the delivery log (GET /v1/webhooks/…/deliveries), then turn the endpoint back on with PATCH {"enabled": true}.'],
  },
  fr: {
    subject: '{product} n’envoie plus de webhooks à {host}',
    body: [
      'Toutes les livraisons au webhook {host} échouent depuis un jour : {product} l’a désactivé. Les événements survenus pendant qu’il est désactivé ne lui seront pas envoyés.',
    ],
    after: ['Réparez le récepteur, consultez le journal des livraisons (GET /v1/webhooks/…/deliveries), puis réactivez-le avec PATCH {"enabled": true}.'],
  },
  es: {
    subject: '{product} dejó de enviar webhooks a {host}',
    body: [
      'Todas las entregas al webhook {host} fallan desde hace un día, así que {product} lo desactivó. Los eventos ocurridos mientras está desactivado no se le enviarán.',
    ],
    after: ['Repare el receptor, consulte el registro de entregas (GET /v1/webhooks/…/deliveries) y reactívelo con PATCH {"enabled": true}.'],
  },
  de: {
    subject: '{product} sendet keine Webhooks mehr an {host}',
    body: [
      'Alle Zustellungen an den Webhook {host} schlagen seit einem Tag fehl, daher hat {product} ihn deaktiviert. Ereignisse während der Deaktivierung werden ihm nicht zugestellt.',
    ],
    after: ['Reparieren Sie den Empfänger, lesen Sie das Zustellprotokoll (GET /v1/webhooks/…/deliveries) und aktivieren Sie ihn mit PATCH {"enabled": true} wieder.'],
  },
};
