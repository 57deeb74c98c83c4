// Renders a mail kind in a locale: subject, a plain-text part and an HTML part
// from the same words. Values are HTML-escaped in the HTML part; a placeholder
// without a value is an error, so a half-filled mail can never be queued.

import type { MailComposer, MailKind, MailParams, RenderedMail } from '../core/mail.js';
import type { Locale } from '../core/model.js';
import { common } from './templates/common.js';
import { emailChangeConfirm, emailChangeNotice } from './templates/email-change.js';
import { invitation } from './templates/invitation.js';
import { passwordReset } from './templates/password-reset.js';
import type { MailTemplate } from './templates/types.js';
import { verifyEmail } from './templates/verify-email.js';
import { webhookDisabled } from './templates/webhook-disabled.js';

export const TEMPLATES: Record<MailKind, MailTemplate> = {
  verify_email: verifyEmail,
  password_reset: passwordReset,
  email_change_confirm: emailChangeConfirm,
  email_change_notice: emailChangeNotice,
  invitation,
  webhook_disabled: webhookDisabled,
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(text: string, values: Record<string, string | undefined>, kind: MailKind, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (_whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`mail ${kind}/${locale}: no value for {${key}}`);
    return value;
  });
}

export function createComposer(productName: string): MailComposer {
  return {
    compose(kind: MailKind, locale: Locale, params: MailParams): RenderedMail {
      const words = TEMPLATES[kind][locale];
      const shared = common[locale];
      const values: Record<string, string | undefined> = {
        product: productName,
        link: params.link,
        email: params.email,
        name: params.name ?? undefined,
        hours: params.validHours === undefined ? undefined : String(params.validHours),
        host: params.host,
      };
      if (words.action && !params.link) throw new Error(`mail ${kind}/${locale}: needs a link`);
      const escaped = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, value === undefined ? undefined : escapeHtml(value)]),
      );
      const text = (t: string) => fill(t, values, kind, locale);
      const html = (t: string) => fill(escapeHtml(t), escaped, kind, locale);
      const greeting = params.name ? shared.greetingNamed : shared.greeting;

      const textParts = [text(greeting), ...words.body.map(text)];
      if (words.action && params.link) textParts.push(`${text(words.action)}: ${params.link}`);
      textParts.push(...words.after.map(text), text(shared.signature));

      const link = escaped.link ?? '';
      const button = words.action
        ? `<p style="margin:24px 0"><a href="${link}" style="background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${html(words.action)}</a></p>
<p style="font-size:13px;color:#555">${html(shared.linkFallback)}<br><a href="${link}">${link}</a></p>`
        : '';
      const paragraphs = (list: string[]) => list.map((p) => `<p>${html(p)}</p>`).join('\n');
      const htmlBody = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${html(words.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:560px;margin:0 auto;padding:16px">
<p>${html(greeting)}</p>
${paragraphs(words.body)}
${button}
${paragraphs(words.after)}
<p>${html(shared.signature)}</p>
</body></html>`;
      return { subject: text(words.subject), text: `${textParts.join('\n\n')}\n`, html: htmlBody };
    },
  };
}
