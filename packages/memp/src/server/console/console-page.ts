import type { ConsoleAssets } from './console-assets.js';

/**
 * The console's HTML shell: no inline script or style (the Content-Security-Policy forbids them), the hashed bundle,
 * and a mount point. Everything else is drawn by the script from the HTTP API.
 */
export function consolePageHtml(assets: ConsoleAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memp console</title>
<link rel="stylesheet" href="/ui/assets/${assets.style.name}">
<script type="module" src="/ui/assets/${assets.script.name}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<div id="app"><p class="boot">Loading the memp console…</p></div>
<noscript>The memp console needs JavaScript.</noscript>
</body>
</html>
`;
}

/**
 * Headers of every console response. The policy allows only this origin's script, style and API: memory content,
 * even if it slipped into markup, could not load or run anything.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
