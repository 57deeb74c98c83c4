// Every mail kind renders in every locale: subject, text and HTML, the product
// name, the link where there is one, no placeholder left, and words that are
// really translated.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAIL_KINDS } from '../../src/core/mail.js';
import { LOCALES } from '../../src/core/model.js';
import { createComposer, TEMPLATES } from '../../src/mail/composer.js';
import { pageWords } from '../../src/web/messages.js';

const composer = createComposer('Sésame');
const LINK = 'https://id.example.org/account/x?token=abc.def&lang=fr';
const params = { link: LINK, email: 'new@example.com', name: 'Zoé', validHours: 24, host: 'hooks.example.com' };

describe('mail templates', () => {
  for (const kind of MAIL_KINDS) {
    for (const locale of LOCALES) {
      test(`${kind} in ${locale}`, () => {
        const mail = composer.compose(kind, locale, params);
        for (const part of [mail.subject, mail.text, mail.html]) {
          assert.ok(part.trim().length > 0);
          assert.doesNotMatch(part, /\{\w+\}/, 'no placeholder left');
          assert.doesNotMatch(part, /undefined|null/);
        }
        assert.match(mail.subject, /Sésame/);
        assert.match(mail.text, /Zoé/);
        assert.match(mail.html, new RegExp(`<html lang="${locale}">`));
        if (TEMPLATES[kind][locale].action) {
          assert.ok(mail.text.includes(LINK), 'the text part carries the link');
          assert.ok(mail.html.includes(`href="${LINK.replace('&', '&#38;')}"`), 'the HTML part links, escaped');
        } else {
          assert.ok(!mail.text.includes('http'), 'a notice has no link');
        }
        if (kind.startsWith('email_change')) assert.match(mail.text, /new@example\.com/);
        if (locale !== 'en') {
          const english = composer.compose(kind, 'en', params);
          assert.notEqual(mail.subject, english.subject, 'the subject is translated');
          assert.notEqual(mail.text, english.text, 'the body is translated');
        }
      });
    }
  }

  test('every locale has the same keys, and values are escaped in HTML', () => {
    for (const kind of MAIL_KINDS) {
      const shape = (locale: (typeof LOCALES)[number]) => {
        const words = TEMPLATES[kind][locale];
        return [words.body.length, words.after.length, Boolean(words.action)];
      };
      for (const locale of LOCALES) assert.deepEqual(shape(locale), shape('en'), `${kind}/${locale}`);
    }
    const mail = composer.compose('email_change_notice', 'en', { email: '<b>x</b>@example.com', name: '<script>' });
    assert.ok(!mail.html.includes('<script>') && !mail.html.includes('<b>x</b>'));
    assert.ok(mail.text.includes('<b>x</b>@example.com'), 'the text part is plain text');
  });

  test('a template missing a value refuses to render rather than send a half-filled mail', () => {
    assert.throws(() => composer.compose('password_reset', 'fr', { name: null }), /needs a link|no value/);
  });

  test('the hosted pages have every message in every locale', () => {
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' ? keys(v).map((k) => `${key}.${k}`) : [key]));
    for (const locale of LOCALES) {
      assert.deepEqual(keys(pageWords[locale]).sort(), keys(pageWords.en).sort(), locale);
      if (locale !== 'en') assert.notEqual(pageWords[locale].resetTitle, pageWords.en.resetTitle);
    }
  });
});
