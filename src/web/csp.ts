// The Content-Security-Policy of the hosted pages and the console: no script at
// all, one stylesheet of our own. The two pages that run the WebAuthn ceremony
// (/account and the sign-in page) allow one more thing: scripts of our own origin
// (the one passkey script Sésame serves; never inline) and fetch() to our origin.

const BASE = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:", // data: for the TOTP QR code (an SVG image: no script runs in an <img>)
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
];

export const PAGE_CSP = BASE.join('; ');

/** The passkey pages: `script-src 'self'` (no 'unsafe-inline', no inline script) and `connect-src 'self'`. */
export const SCRIPT_PAGE_CSP = [...BASE, "script-src 'self'", "connect-src 'self'"].join('; ');
