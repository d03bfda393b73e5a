/** True for addresses only this machine can reach: `localhost`, `127.0.0.0/8`, `::1` (bracketed or not). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * True when an HTTP `Host` header names a loopback address, whatever its port (`127.0.0.1:8787`, `localhost`,
 * `[::1]:9`). A missing or unparsable header is not loopback.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return false;
  try {
    const url = new URL(`http://${header.trim()}`);
    return url.username === '' && url.pathname === '/' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * True when an `Origin` header is an `http(s)` origin on a loopback address, whatever its port. `null` (sandboxed
 * frames, `file:` pages) and every other origin are not.
 */
export function isLoopbackOrigin(header: string): boolean {
  try {
    const url = new URL(header.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}
