// The console's words per locale, and filling their {placeholders}. Templates
// escape what they print, so `fill` returns plain text.

import type { Locale } from '../../core/model.js';
import { de } from './words-de.js';
import { en, type ConsoleWords } from './words-en.js';
import { es } from './words-es.js';
import { fr } from './words-fr.js';

export type { ConsoleWords };

export const consoleWords: Record<Locale, ConsoleWords> = { en, fr, es, de };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
