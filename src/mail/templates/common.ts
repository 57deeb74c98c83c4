// Words every mail shares: greeting, the fallback link line, the signature.

import type { Locale } from '../../core/model.js';
import type { CommonWords } from './types.js';

export const common: Record<Locale, CommonWords> = {
  en: {
    greeting: 'Hello,',
    greetingNamed: 'Hello {name},',
    linkFallback: 'If the button does not work, copy this address into your browser:',
    signature: 'The {product} team',
  },
  fr: {
    greeting: 'Bonjour,',
    greetingNamed: 'Bonjour {name},',
    linkFallback: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    signature: 'L’équipe {product}',
  },
  es: {
    greeting: 'Hola:',
    greetingNamed: 'Hola, {name}:',
    linkFallback: 'Si el botón no funciona, copie esta dirección en su navegador:',
    signature: 'El equipo de {product}',
  },
  de: {
    greeting: 'Hallo,',
    greetingNamed: 'Hallo {name},',
    linkFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
    signature: 'Ihr {product}-Team',
  },
};
