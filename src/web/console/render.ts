// What every console page is rendered with: the visitor's words and language (the
// user's preference, then Accept-Language), the theme (the user's dark_mode;
// signed out, the system's), the form token, the menu, and a notice or an error.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale, User } from '../../core/model.js';
import { mayManageAccounts, mayManageWebhooks, mayReadAccounts } from '../../core/admin-tool-rules.js';
import { SCRIPT_PAGE_CSP } from '../csp.js';
import { pageLocale } from '../layout.js';
import { PASSKEY_SCRIPT_PATH } from './passkey-script.js';
import { csrfToken } from './console-session.js';
import { consoleWords, fill, type ConsoleWords } from './words.js';

export interface PageFrame {
  product: string;
  /** The signed-in user, if any. */
  viewer: User | null;
  /** The secret the page's forms are bound to (session token or pre-session cookie). */
  csrfSecret: string;
  /** Which menu entry is the current page. */
  section?: 'account' | 'users' | 'invite' | 'audit' | 'outbox' | 'webhooks';
  /** The page runs the passkey script: it is linked, and the CSP allows scripts and fetch() of our origin. */
  passkeyScript?: boolean;
  /** A language the request itself asked for (OpenID Connect's ui_locales), before the usual choice. */
  locale?: Locale;
}

export interface PageMessages {
  notice?: string | null;
  error?: string | null;
  /** Field messages shown under the error. */
  fieldErrors?: string[];
}

export function wordsOf(request: FastifyRequest, viewer: User | null): ConsoleWords {
  return consoleWords[pageLocale(request, viewer)];
}

export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  frame: PageFrame,
  title: (w: ConsoleWords) => string,
  data: Record<string, unknown> = {},
  messages: PageMessages = {},
): FastifyReply {
  const locale = frame.locale ?? pageLocale(request, frame.viewer);
  const w = consoleWords[locale];
  const viewer = frame.viewer;
  const theme = viewer ? (viewer.darkMode ? 'dark' : 'light') : 'system';
  if (frame.passkeyScript) reply.header('content-security-policy', SCRIPT_PAGE_CSP);
  return reply.type('text/html; charset=utf-8').view(view, {
    ...data,
    w,
    fill,
    locale,
    theme,
    product: frame.product,
    title: title(w),
    csrf: csrfToken(frame.csrfSecret),
    viewer,
    section: frame.section ?? null,
    script: frame.passkeyScript ? PASSKEY_SCRIPT_PATH : null,
    mayReadUsers: viewer ? mayReadAccounts(viewer) : false,
    mayManageUsers: viewer ? mayManageAccounts(viewer) : false,
    mayManageWebhooks: viewer ? mayManageWebhooks(viewer) : false,
    notice: messages.notice ?? null,
    error: messages.error ?? null,
    fieldErrors: messages.fieldErrors ?? [],
    date: (value: Date | null) => (value ? formatDate(value, locale) : w.none),
  });
}

function formatDate(value: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(value) + ' UTC';
}
