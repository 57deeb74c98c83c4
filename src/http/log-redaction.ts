// Request URLs as the log shows them: legacy clients put passwords and tokens in
// the query string (seed 000's `login?Email=…&Pwd=…`, its `?token=…` links, seed
// 001's `login?pass=…`), so those values are masked before any line is written.

const SECRET_PARAMS = new Set([
  'pwd',
  'password',
  'pass',
  'token',
  'refresh',
  'refresh_token',
  'access_token',
  'new_password',
  'current_password',
  'password_confirmation',
  'secret',
  'code',
]);

export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return SECRET_PARAMS.has(name.trim().toLowerCase()) ? `${pair.slice(0, eq)}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, mark)}?${query}`;
}
