// The CRDM single-page app as the tests see it: a browser cookie jar and the
// axios habit of echoing the XSRF-TOKEN cookie, URL-decoded, in X-XSRF-TOKEN.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CookieJar } from './cookie-jar.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface SpaRequestOptions {
  headers?: Record<string, string>;
  /** Leave out X-XSRF-TOKEN (a forged cross-site request). */
  withoutXsrf?: boolean;
}

export class Spa {
  readonly jar = new CookieJar();

  constructor(
    readonly app: FastifyInstance,
    readonly prefix = '/crdm',
    readonly locale?: string,
  ) {}

  async request(method: Method, path: string, payload?: unknown, options: SpaRequestOptions = {}) {
    const url = `${this.prefix}${path}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.locale) headers['accept-language'] = this.locale;
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    const xsrf = this.jar.readable('XSRF-TOKEN');
    if (xsrf && !options.withoutXsrf && method !== 'GET' && !headers['x-xsrf-token']) headers['x-xsrf-token'] = decodeURIComponent(xsrf);
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }

  csrf(): Promise<LightMyRequestResponse> {
    return this.request('GET', '/sanctum/csrf-cookie');
  }

  /** csrf-cookie then login, as the SPA does; throws unless 204. */
  async signIn(email: string, password: string, remember = false): Promise<void> {
    await this.csrf();
    const response = await this.request('POST', '/login', { email, password, remember });
    if (response.statusCode !== 204) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  }

  sessionCookie(): string | undefined {
    return this.jar.get('crdm_session')?.value;
  }
}
