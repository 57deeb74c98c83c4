// A cookie jar that behaves like a browser for one site: stores Set-Cookie,
// forgets expired and cleared cookies, sends back those whose path matches, and
// shows JavaScript (document.cookie) only the cookies that are not HttpOnly.

export interface StoredCookie {
  name: string;
  /** As sent on the wire (still URL-encoded). */
  value: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string | null;
  /** Seconds, as given; null for a session cookie. */
  maxAge: number | null;
  expiresAt: number | null;
}

export function parseSetCookie(header: string): StoredCookie {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const cookie: StoredCookie = {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    path: '/',
    httpOnly: false,
    secure: false,
    sameSite: null,
    maxAge: null,
    expiresAt: null,
  };
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=');
    switch (key.toLowerCase()) {
      case 'path':
        cookie.path = value;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'samesite':
        cookie.sameSite = value;
        break;
      case 'max-age':
        cookie.maxAge = Number(value);
        cookie.expiresAt = Date.now() + Number(value) * 1000;
        break;
      case 'expires':
        if (cookie.maxAge === null) cookie.expiresAt = Date.parse(value);
        break;
    }
  }
  return cookie;
}

export class CookieJar {
  private cookies = new Map<string, StoredCookie>();

  /** Takes the Set-Cookie headers of a response. */
  store(setCookie: string | string[] | undefined): StoredCookie[] {
    const headers = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    const parsed = headers.map(parseSetCookie);
    for (const cookie of parsed) {
      const expired = cookie.expiresAt !== null && cookie.expiresAt <= Date.now();
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie);
    }
    return parsed;
  }

  get(name: string): StoredCookie | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie header a browser would send to `path`. */
  header(path: string): string | undefined {
    const sent = [...this.cookies.values()].filter((c) => path.startsWith(c.path));
    return sent.length > 0 ? sent.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** What a page's script reads from document.cookie, by name. */
  readable(name: string): string | undefined {
    const cookie = this.cookies.get(name);
    return cookie && !cookie.httpOnly ? cookie.value : undefined;
  }

  /** Closing the browser: session cookies go, persistent ones stay. */
  restartBrowser(): void {
    for (const [name, cookie] of this.cookies) if (cookie.expiresAt === null) this.cookies.delete(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, parseSetCookie(`${name}=${value}; Path=/`));
  }
}
