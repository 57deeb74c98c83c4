// The few pages oidc-provider renders itself (logout confirmation, signed out,
// errors), plain and self-contained: no outside font or script, the user's
// language left to the console pages they come from.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><link rel="stylesheet" href="/account/console.css"></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

interface PageContext {
  body?: unknown;
  type?: string;
  oidc?: { client?: { clientName?: string; clientId: string } };
}

/** RP-initiated logout asks before ending the session (the form is oidc-provider's, with its xsrf token). */
export async function logoutSource(ctx: PageContext, form: string): Promise<void> {
  const client = ctx.oidc?.client;
  const who = client ? ` of ${escape(client.clientName ?? client.clientId)}` : '';
  ctx.type = 'html';
  ctx.body = page('Sign out?', `${form}<p>Sign out${who} and end this session?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

export async function postLogoutSuccessSource(ctx: PageContext): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('Signed out', '<p>You are signed out of the application.</p><p><a href="/account">Your account</a></p>');
}

export async function renderError(ctx: PageContext, out: { error: string; error_description?: string }): Promise<void> {
  ctx.type = 'html';
  const description = out.error_description ? `<p>${escape(out.error_description)}</p>` : '';
  ctx.body = page('Sign-in request refused', `<p role="alert"><code>${escape(out.error)}</code></p>${description}`);
}
