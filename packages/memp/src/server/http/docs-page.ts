import type { Hono } from 'hono';
import { CONSOLE_SECURITY_HEADERS } from '../console/console-page.js';
import type { AppEnv } from './app-env.js';

/** The `/docs` page's script: loads `/openapi.json`, lists every operation, sends "try it" requests. */
const DOCS_SCRIPT = `const el = (tag, attrs = {}, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs); e.append(...kids); return e; };
function resolve(doc, s) { return s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s; }
function render(doc) {
  const main = document.getElementById('main'); main.textContent = '';
  main.append(el('p', {}, doc.info.title + ' ' + doc.info.version + ' — OpenAPI ' + doc.openapi + ' (raw document: ', el('a', { href: '/openapi.json' }, '/openapi.json'), ')'));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
  for (const [tag, list] of byTag) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of list) main.append(operation(doc, path, method, op));
  }
}
function operation(doc, path, method, op) {
  const d = el('details'); const body = el('div', { className: 'body' });
  d.append(el('summary', {}, el('span', { className: 'm ' + method }, method.toUpperCase()), path + '  ', el('em', {}, op.summary || '')), body);
  const inputs = {};
  for (const p of op.parameters || []) {
    const input = el('input', { placeholder: p.name + (p.required ? ' (required)' : '') });
    inputs[p.in + ':' + p.name] = input; body.append(el('label', {}, p.in + ' ' + p.name + ' ', input));
  }
  const content = op.requestBody && op.requestBody.content || {};
  const type = Object.keys(content)[0];
  let text;
  if (type) {
    body.append(el('div', {}, 'Body (' + type + '):'), el('pre', {}, JSON.stringify(resolve(doc, content[type].schema), null, 2)));
    text = el('textarea'); body.append(text);
  }
  body.append(el('div', {}, 'Responses:'), el('pre', {}, Object.entries(op.responses || {}).map(([s, r]) => s + ' ' + r.description).join('\\n')));
  const out = el('pre'); const send = el('button', { textContent: 'Send' });
  send.onclick = async () => {
    let url = path; const query = new URLSearchParams(); const headers = {};
    for (const [k, input] of Object.entries(inputs)) {
      const [where, name] = k.split(':'); if (!input.value) continue;
      if (where === 'path') url = url.replace('{' + name + '}', encodeURIComponent(input.value));
      else if (where === 'query') query.set(name, input.value); else if (where === 'header') headers[name] = input.value;
    }
    const key = document.getElementById('key').value.trim(); if (key) headers.authorization = 'Bearer ' + key;
    if (type) headers['content-type'] = type;
    const res = await fetch(url + (query.size ? '?' + query : ''), { method: method.toUpperCase(), headers, body: type && text.value ? text.value : undefined });
    out.textContent = res.status + ' ' + res.statusText + '\\n' + await res.text();
  };
  body.append(send, out); return d;
}
fetch('/openapi.json').then((r) => r.json()).then(render, (e) => { document.getElementById('main').textContent = 'Could not load /openapi.json: ' + e; });
`;

const DOCS_STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:12px 20px;display:flex;gap:16px;align-items:center}
header input{flex:1;max-width:520px;padding:6px;border-radius:4px;border:0;font-family:monospace}
main{max-width:1000px;margin:0 auto;padding:16px}
details{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:8px 0}
summary{cursor:pointer;padding:8px 12px;font-family:monospace}
.m{display:inline-block;width:64px;font-weight:bold}.get{color:#0b7a3e}.post{color:#1f5fbf}.patch{color:#a05a00}.delete{color:#b42318}
.body{padding:0 12px 12px}pre{background:#f0f2f5;padding:8px;overflow:auto;max-height:320px;border-radius:4px}
textarea{width:100%;min-height:90px;font-family:monospace}label{display:block;margin:4px 0}
h2{margin-top:24px;border-bottom:1px solid #d8dce3}
`;

/** The HTML shell: no inline script or style, so it runs under the console's Content-Security-Policy. */
const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>memp API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/docs.css">
<script defer src="/docs/docs.js"></script>
</head>
<body><header><strong>memp API</strong><input id="key" placeholder="API key (Bearer), kept in this tab only" autocomplete="off"></header>
<main id="main">Loading /openapi.json…</main>
</body></html>`;

/**
 * The `/docs` page: a small self-contained viewer of `/openapi.json` (no CDN, no external script) that lists every
 * operation with its parameters and schemas and can send a request with a bearer key ("try it"). Served at `/docs`
 * with its script at `/docs/docs.js` and its style at `/docs/docs.css`, all three with the console's security
 * headers (CSP allowing only this origin, `X-Frame-Options: DENY`, `nosniff`, no referrer).
 */
export function registerDocsRoutes(app: Hono<AppEnv>): void {
  const send = (body: string, type: string) =>
    new Response(body, {
      status: 200,
      headers: { ...CONSOLE_SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  app.get('/docs', () => send(DOCS_PAGE_HTML, 'text/html; charset=utf-8'));
  app.get('/docs/docs.js', () => send(DOCS_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get('/docs/docs.css', () => send(DOCS_STYLE, 'text/css; charset=utf-8'));
}
