// The console over plain HTTP (inject), without a browser: sign in through the
// form, then post any of its forms with the session's CSRF token.

import type { LightMyRequestResponse } from 'fastify';
import { PASSWORD } from './native-client.js';
import type { TestApp } from './test-app.js';

export const cookiesOf = (response: LightMyRequestResponse) =>
  ([response.headers['set-cookie'] ?? []].flat() as string[]).map((header) => header.split(';')[0]!);
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export interface ConsoleVisitor {
  /** The session cookie (`sesame_console=…`), for a request the test builds itself. */
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a form of the page at `formPage` (where the CSRF token is read). */
  post(url: string, fields: Record<string, string>, formPage?: string): Promise<LightMyRequestResponse>;
}

export async function consoleSignIn(t: TestApp, email: string, password = PASSWORD): Promise<ConsoleVisitor> {
  const page = await t.app.inject({ method: 'GET', url: '/account/sign-in' });
  const response = await t.app.inject({
    method: 'POST',
    url: '/account/sign-in',
    headers: { cookie: cookiesOf(page).join('; ') },
    payload: { _csrf: csrfOf(page.body), email, password },
  });
  const session = cookiesOf(response).find((c) => c.startsWith('sesame_console='));
  if (response.statusCode !== 303 || !session) throw new Error(`console sign-in failed: ${response.statusCode} ${response.body}`);
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session } });
  return {
    cookie: session,
    get,
    async post(url, fields, formPage = '/account') {
      const token = csrfOf((await get(formPage)).body);
      return t.app.inject({ method: 'POST', url, headers: { cookie: session }, payload: { _csrf: token, ...fields } });
    },
  };
}
