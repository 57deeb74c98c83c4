// The console's one stylesheet, served from our origin (the CSP allows nothing
// else). Light and dark themes from the same custom properties: the signed-in
// user's dark_mode sets the class on <html>; signed out, the system's preference.
// Colours meet WCAG AA contrast in both themes.

const LIGHT = `--bg:#f4f5f7;--card:#fff;--text:#111827;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--accent-text:#fff;
--danger:#b91c1c;--ok-bg:#e8f6ec;--ok-line:#15803d;--err-bg:#fdecec;--link:#1d4ed8;--input:#fff;--focus:#1d4ed8`;
const DARK = `--bg:#0f172a;--card:#1e293b;--text:#f1f5f9;--muted:#cbd5e1;--line:#475569;--accent:#93c5fd;--accent-text:#0f172a;
--danger:#fca5a5;--ok-bg:#14532d;--ok-line:#86efac;--err-bg:#450a0a;--link:#93c5fd;--input:#0f172a;--focus:#fbbf24`;

export const CONSOLE_STYLESHEET = `:root{${LIGHT};color-scheme:light}
html.dark{${DARK};color-scheme:dark}
@media (prefers-color-scheme:dark){html.system{${DARK};color-scheme:dark}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;background:var(--bg);color:var(--text)}
a{color:var(--link)}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem}
.skip:focus{left:0;z-index:1}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header{background:var(--card);border-bottom:1px solid var(--line);padding:.75rem 1.25rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
.product{font-weight:700;margin:0}
nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;flex:1}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
nav form{margin:0 0 0 auto}
main{max-width:64rem;margin:1.5rem auto;padding:0 1rem}
main.narrow{max-width:28rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
section,.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1.25rem;margin:0 0 1.25rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
input,select{display:block;font:inherit;color:var(--text);background:var(--input);border:1px solid var(--muted);border-radius:4px;padding:.5rem;width:100%;max-width:28rem}
input[type=checkbox]{display:inline-block;width:1.2rem;height:1.2rem;flex:none}
input:focus,select:focus,button:focus,a:focus{outline:3px solid var(--focus);outline-offset:2px}
button{font:inherit;margin-top:1rem;padding:.55rem 1.1rem;background:var(--accent);color:var(--accent-text);border:0;border-radius:4px;cursor:pointer}
button.secondary{background:transparent;color:var(--link);border:1px solid var(--link)}
button:disabled{opacity:.6;cursor:wait}
button.danger{background:var(--danger);color:var(--card)}
button.quiet{margin:0;background:transparent;color:var(--link);text-decoration:underline;padding:.25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 1rem}
.filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:end}
.filters>div{flex:1 1 12rem}
.hint{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.error{background:var(--err-bg);border-left:4px solid var(--danger);padding:.6rem .8rem;margin:0 0 1rem}
.error p{margin:0}
.success{background:var(--ok-bg);border-left:4px solid var(--ok-line);padding:.6rem .8rem;margin:0 0 1rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.9rem;color:var(--muted)}
td form{margin:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{font-weight:600}dd{margin:0}
fieldset{border:0;padding:0;margin:.75rem 0 0}legend{font-weight:600;padding:0}
ul.plain{list-style:none;margin:0;padding:0}
.pager{display:flex;gap:1rem;margin:1rem 0}
.actions{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:end}
code{font-size:.85rem;word-break:break-all}
.qr{background:#fff;padding:.5rem;border-radius:.25rem}
.codes{columns:2;font-size:1.1rem;padding-left:1.25rem}
.scopes{margin:0;padding-left:1.1rem}
@media (max-width:40rem){header{padding:.5rem .75rem}main{margin:1rem auto;padding:0 .5rem}section,.card{padding:1rem}
.stack thead{display:none}.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}.stack td{display:block;border:0;padding:.15rem .25rem}
.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
`;
