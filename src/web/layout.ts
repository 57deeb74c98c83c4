// The frame of every hosted page: server-rendered HTML, no script, one small
// stylesheet from our own origin (the CSP allows nothing else).

import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, type Locale, type User } from '../core/model.js';
import { negotiateLocale } from '../i18n/negotiate-locale.js';
import { pageWords, type PageWords } from './messages.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fills {name} placeholders with escaped values. */
export function say(template: string, values: Record<string, string | number> = {}): string {
  return escapeHtml(template).replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? escapeHtml(String(values[key])) : whole,
  );
}

/**
 * `?lang=` (or the form's `lang`), then the preference of the user the link
 * belongs to, then Accept-Language, then English: the order mail uses.
 */
export function pageLocale(request: FastifyRequest, user?: Pick<User, 'locale'> | null): Locale {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.lang;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.lang;
  for (const candidate of [fromBody, fromQuery]) {
    if (typeof candidate === 'string' && (LOCALES as readonly string[]).includes(candidate)) return candidate as Locale;
  }
  return user?.locale ?? negotiateLocale(request.headers['accept-language']);
}

export function wordsFor(request: FastifyRequest, user?: Pick<User, 'locale'> | null): { locale: Locale; words: PageWords } {
  const locale = pageLocale(request, user);
  return { locale, words: pageWords[locale] };
}

export interface PageContent {
  locale: Locale;
  product: string;
  title: string;
  /** Already-escaped HTML. */
  body: string;
}

export function renderPage({ locale, product, title, body }: PageContent): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · ${escapeHtml(product)}</title>
<link rel="stylesheet" href="/account/style.css">
</head>
<body>
<main>
<p class="product">${escapeHtml(product)}</p>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function sendPage(reply: FastifyReply, status: number, content: PageContent): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(content));
}

export const STYLESHEET = `body{font-family:system-ui,sans-serif;line-height:1.5;color:#111;background:#f6f7f9;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px #0002}
.product{color:#555;margin:0}h1{font-size:1.4rem;margin:.25rem 0 1rem}
label{display:block;font-weight:600;margin-top:1rem}input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #888;border-radius:4px}
input:focus,button:focus{outline:3px solid #1d4ed8;outline-offset:2px}
button{margin-top:1.5rem;padding:.7rem 1.2rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px;cursor:pointer}
.hint{color:#444;font-size:.9rem;margin:.25rem 0 0}
.error{background:#fdecec;border-left:4px solid #b91c1c;padding:.6rem .8rem}
.success{background:#e8f6ec;border-left:4px solid #15803d;padding:.6rem .8rem}
`;
