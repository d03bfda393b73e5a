import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClientError, KeepAliveHttpConnection } from './keep-alive-http-client.js';

/** A real node:http server whose routes answer in the framings the client must read. */
let server: Server;
let url: string;
let connections = 0;
const big = 'é'.repeat(100_000); // 200 kB of two-byte characters: split across many reads, mid-character too

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const echo = JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization });
      switch (req.url) {
        case '/length':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(echo) });
          res.end(echo);
          return;
        case '/chunked':
          res.writeHead(201, { 'content-type': 'text/plain' });
          res.write('first,');
          setTimeout(() => res.end(`second,${big}`), 5);
          return;
        case '/empty':
          res.writeHead(204);
          res.end();
          return;
        case '/close':
          res.writeHead(503, { connection: 'close', 'content-length': 4 });
          res.end('gone');
          return;
        case '/until-close':
          // HTTP/1.1 without Content-Length or chunking: the body runs until the server closes.
          res.socket?.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end');
          return;
        case '/drop-before':
          req.socket.destroy();
          return;
        case '/drop-middle':
          res.writeHead(200, { 'content-length': 100 });
          res.write('only part');
          setTimeout(() => req.socket.destroy(), 5);
          return;
        case '/silent':
          return; // never answers
        case '/garbage':
          res.socket?.end('SMTP ready\r\n\r\n');
          return;
        default:
          res.writeHead(404, { 'content-length': 0 });
          res.end();
      }
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('KeepAliveHttpConnection', () => {
  it('reads Content-Length and chunked bodies, sends its headers and body, and reuses one socket', async () => {
    const before = connections;
    const client = new KeepAliveHttpConnection(url, { authorization: 'Bearer k' });
    for (let i = 0; i < 3; i++) {
      const answer = await client.request('POST', '/length', `{"n":${i},"text":"ü"}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(answer.text)).toEqual({
        method: 'POST',
        url: '/length',
        body: `{"n":${i},"text":"ü"}`,
        auth: 'Bearer k',
      });
      const chunked = await client.request('GET', '/chunked');
      expect(chunked.status).toBe(201);
      expect(chunked.headers.get('transfer-encoding')).toBe('chunked');
      expect(chunked.text).toBe(`first,second,${big}`);
      const empty = await client.request('DELETE', '/empty');
      expect(empty).toMatchObject({ status: 204, text: '' });
    }
    expect(connections - before).toBe(1);
    client.close();
  });

  it('reconnects after a Connection: close answer and after the server closed the idle socket', async () => {
    const before = connections;
    const client = new KeepAliveHttpConnection(url);
    expect(await client.request('POST', '/close', 'x')).toMatchObject({ status: 503, text: 'gone' });
    expect((await client.request('POST', '/length', 'a')).status).toBe(200);
    expect(connections - before).toBe(2);
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await client.request('POST', '/length', 'b')).status).toBe(200);
    expect(connections - before).toBe(3);
    client.close();
  });

  it('reads a body that runs until the server closes', async () => {
    const client = new KeepAliveHttpConnection(url);
    expect(await client.request('GET', '/until-close')).toMatchObject({ status: 200, text: 'until the end' });
    expect((await client.request('POST', '/length', 'next')).status).toBe(200);
    client.close();
  });

  it('rejects, by name, a connection the server drops before or in the middle of a response, and goes on', async () => {
    const client = new KeepAliveHttpConnection(url);
    await expect(client.request('POST', '/drop-before', 'x')).rejects.toMatchObject({
      name: 'ConnectionClosed',
      message: expect.stringContaining('before answering'),
    });
    await expect(client.request('POST', '/drop-middle', 'x')).rejects.toMatchObject({
      name: 'ConnectionClosed',
      message: expect.stringContaining('in the middle of a response (length)'),
    });
    await expect(client.request('GET', '/garbage')).rejects.toMatchObject({ name: 'HttpParseError' });
    expect((await client.request('POST', '/length', 'still works')).status).toBe(200);
    client.close();
  });

  it('rejects a request the server leaves unanswered with Timeout, and goes on on a new connection', async () => {
    const client = new KeepAliveHttpConnection(url, {}, { timeoutMs: 100 });
    await expect(client.request('POST', '/silent', 'x')).rejects.toMatchObject({
      name: 'Timeout',
      message: 'no answer from the server within 100 ms',
    });
    // An idle kept-alive socket does not time out: only a waiting request does.
    expect((await client.request('POST', '/length', 'a')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await client.request('POST', '/length', 'b')).status).toBe(200);
    // The timer still guards the next request after the socket sat idle past it.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(client.request('POST', '/silent', 'y')).rejects.toMatchObject({ name: 'Timeout' });
    client.close();
  });

  it('names a refused connection by its socket error code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new KeepAliveHttpConnection(`http://127.0.0.1:${port}`);
    const failure = await client.request('GET', '/').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpClientError);
    expect((failure as HttpClientError).name).toBe('ECONNREFUSED');
  });
});
