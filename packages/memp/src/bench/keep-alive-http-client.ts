import { type Socket, connect } from 'node:net';

/** A response as the load client reads it: status code, lower-cased headers and the body decoded as UTF-8. */
export interface HttpAnswer {
  status: number;
  headers: Map<string, string>;
  text: string;
}

/**
 * A failure of the load client that is not an HTTP status: the connection could not be made or broke (`name`
 * `ConnectionClosed`, or the socket's code such as `ECONNRESET`), or the server's bytes are not HTTP/1.1 (`name`
 * `HttpParseError`). The bench counts each under its name: nothing is dropped silently.
 */
export class HttpClientError extends Error {
  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

/** Largest response head accepted (status line and headers), bytes. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** Where the parser of one response is. */
type ParseState =
  | { at: 'head' }
  | { at: 'length'; left: number }
  | { at: 'chunk-size' }
  | { at: 'chunk-data'; left: number }
  | { at: 'chunk-end' }
  | { at: 'trailers' }
  | { at: 'until-close' };

/** One request in flight: what to resolve and the response being read. */
interface Pending {
  resolve: (answer: HttpAnswer) => void;
  reject: (error: Error) => void;
  status: number;
  headers: Map<string, string>;
  body: Buffer[];
  /** The server said `Connection: close` (or answered HTTP/1.0 without keep-alive): reconnect after this response. */
  closeAfter: boolean;
  /** Bytes of the response received so far (a close before the first byte on a reused socket is still an error). */
  received: number;
}

/**
 * One keep-alive HTTP/1.1 connection to a server, one request at a time (no pipelining), the way a load generator
 * such as wrk keeps one socket per simulated client. Each request is written as one buffer: a head prepared once
 * per path (method, path, host, authorization, content type) plus the `Content-Length` and the body. The response
 * parser reads the status line and headers, then a `Content-Length` body, a chunked body (chunk extensions and
 * trailers skipped) or, without either, the bytes until the server closes; 1xx interim responses are skipped. After
 * a `Connection: close` answer, or when the server closed the idle socket, the next request opens a new connection.
 * A request is never retried: a broken connection rejects it with an {@link HttpClientError}, and so does a server
 * that sends nothing for `timeoutMs` while a request waits (name `Timeout`; the connection is then dropped).
 */
export class KeepAliveHttpConnection {
  private socket: Socket | undefined;
  private connected: Promise<Socket> | undefined;
  private pending: Pending | undefined;
  private state: ParseState = { at: 'head' };
  private buffered: Buffer = Buffer.alloc(0);
  private readonly heads = new Map<string, string>();
  private readonly host: string;
  private readonly port: number;
  private readonly fixedHeaders: string;
  private readonly timeoutMs: number;

  /**
   * `url`: the server's base URL (`http://host:port`); `headers`: sent with every request; `timeoutMs`: longest
   * silence of the server while a request waits (default 60 s).
   */
  constructor(url: string, headers: Record<string, string> = {}, options: { timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:') throw new Error(`only http: URLs are supported (got ${url})`);
    this.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(parsed.port || 80);
    this.fixedHeaders = Object.entries({ host: parsed.host, ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
  }

  /** Sends `method path` with `body` (UTF-8) and resolves with the whole response. */
  async request(method: string, path: string, body = ''): Promise<HttpAnswer> {
    if (this.pending) throw new Error('one request at a time on a KeepAliveHttpConnection');
    const socket = await this.open();
    const head = this.headFor(method, path);
    return new Promise<HttpAnswer>((resolve, reject) => {
      this.pending = { resolve, reject, status: 0, headers: new Map(), body: [], closeAfter: false, received: 0 };
      this.state = { at: 'head' };
      socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  /** Closes the connection (a request in flight is rejected). */
  close(): void {
    this.drop();
    this.fail(new HttpClientError('ConnectionClosed', 'closed by the client'));
  }

  /** The request head up to the `Content-Length` value, built once per method and path. */
  private headFor(method: string, path: string): string {
    const key = `${method} ${path}`;
    let head = this.heads.get(key);
    if (head === undefined) {
      head = `${method} ${path} HTTP/1.1\r\n${this.fixedHeaders}content-length: `;
      this.heads.set(key, head);
    }
    return head;
  }

  /** The open socket, connecting first when there is none. */
  private open(): Promise<Socket> {
    if (this.connected) return this.connected;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    // One inactivity timer per socket, re-armed by every read and write: cheaper than a timer per request. It also
    // fires on an idle socket, where it is ignored.
    socket.setTimeout(this.timeoutMs);
    this.socket = socket;
    this.connected = new Promise<Socket>((resolve, reject) => {
      let up = false;
      socket.once('connect', () => {
        up = true;
        resolve(socket);
      });
      // Events of a socket this connection has already let go (closed after `Connection: close`) are ignored.
      socket.on('data', (chunk: Buffer) => {
        if (this.socket === socket) this.onData(chunk);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const failure = new HttpClientError(error.code ?? 'SocketError', error.message, { cause: error });
        if (!up) reject(failure);
        else if (this.socket === socket) this.fail(failure);
      });
      socket.on('timeout', () => {
        if (this.socket !== socket || !this.pending) return;
        this.drop();
        this.fail(new HttpClientError('Timeout', `no answer from the server within ${this.timeoutMs} ms`));
      });
      socket.on('close', () => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        this.connected = undefined;
        if (up) this.onClose();
      });
    });
    return this.connected;
  }

  /** The current socket closed: finishes a body read until close, else fails the request in flight. */
  private onClose(): void {
    const pending = this.pending;
    if (pending && this.state.at === 'until-close') {
      this.pending = undefined;
      pending.resolve(answerOf(pending));
      return;
    }
    this.fail(
      new HttpClientError(
        'ConnectionClosed',
        pending && pending.received > 0
          ? `the server closed the connection in the middle of a response (${this.state.at})`
          : 'the server closed the connection before answering',
      ),
    );
  }

  /** Lets go of the current socket (its later events are ignored) and closes it. */
  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.connected = undefined;
    socket?.destroy();
  }

  /** Rejects the request in flight, if any, and forgets what was buffered. */
  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.buffered = Buffer.alloc(0);
    pending?.reject(error);
  }

  /** Feeds received bytes to the parser. */
  private onData(chunk: Buffer): void {
    const pending = this.pending;
    if (!pending) {
      // Bytes nobody asked for: the connection is out of step, drop it (the next request opens another).
      this.drop();
      return;
    }
    pending.received += chunk.length;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    try {
      this.parse(pending);
    } catch (error) {
      this.drop();
      this.fail(error as Error);
    }
  }

  /** Advances the parser over the buffered bytes as far as they go; resolves the request when its body is complete. */
  private parse(pending: Pending): void {
    const buf = this.buffered;
    let pos = 0;
    for (;;) {
      const state = this.state;
      if (state.at === 'head' || state.at === 'chunk-size' || state.at === 'trailers') {
        const end = buf.indexOf(state.at === 'head' ? HEAD_END : CRLF, pos);
        if (end < 0) {
          if (buf.length - pos > MAX_HEAD_BYTES) throw new HttpClientError('HttpParseError', 'response head too long');
          break;
        }
        const text = buf.toString('latin1', pos, end);
        pos = end + (state.at === 'head' ? 4 : 2);
        if (state.at === 'trailers') {
          if (text === '') {
            this.finish(pending, buf, pos);
            return;
          }
        } else if (state.at === 'chunk-size') {
          this.state = readChunkSize(text);
        } else {
          this.state = this.readHead(pending, text);
          if (this.state.at === 'length' && this.state.left === 0) {
            this.finish(pending, buf, pos);
            return;
          }
        }
      } else if (state.at === 'length' || state.at === 'chunk-data') {
        const take = Math.min(state.left, buf.length - pos);
        if (take > 0) pending.body.push(buf.subarray(pos, pos + take));
        pos += take;
        state.left -= take;
        if (state.left > 0) break;
        if (state.at === 'length') {
          this.finish(pending, buf, pos);
          return;
        }
        this.state = { at: 'chunk-end' };
      } else if (state.at === 'chunk-end') {
        if (buf.length - pos < 2) break;
        if (buf[pos] !== 13 || buf[pos + 1] !== 10)
          throw new HttpClientError('HttpParseError', 'chunk data not followed by CRLF');
        pos += 2;
        this.state = { at: 'chunk-size' };
      } else {
        if (pos < buf.length) pending.body.push(buf.subarray(pos));
        pos = buf.length;
        break;
      }
    }
    this.buffered = pos >= buf.length ? Buffer.alloc(0) : buf.subarray(pos);
  }

  /** Parses a response head; returns how its body is framed (or `head` again after a 1xx, `status` left 0). */
  private readHead(pending: Pending, text: string): ParseState {
    const lines = text.split('\r\n');
    const match = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
    if (!match) throw new HttpClientError('HttpParseError', `not an HTTP/1.x status line: ${lines[0]?.slice(0, 80)}`);
    const status = Number(match[2]);
    if (status >= 100 && status < 200) return { at: 'head' };
    pending.status = status;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpClientError('HttpParseError', `malformed header line: ${line.slice(0, 80)}`);
      pending.headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const connection = pending.headers.get('connection')?.toLowerCase();
    pending.closeAfter = connection === 'close' || (match[1] === '0' && connection !== 'keep-alive');
    if (status === 204 || status === 304) return { at: 'length', left: 0 };
    if (pending.headers.get('transfer-encoding')?.toLowerCase().endsWith('chunked')) return { at: 'chunk-size' };
    const length = pending.headers.get('content-length');
    if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw new HttpClientError('HttpParseError', `bad Content-Length: ${length}`);
      return { at: 'length', left: Number(length) };
    }
    pending.closeAfter = true;
    return { at: 'until-close' };
  }

  /** Resolves the request with its response; bytes after it are a protocol error (no pipelining here). */
  private finish(pending: Pending, buf: Buffer, pos: number): void {
    this.pending = undefined;
    this.state = { at: 'head' };
    this.buffered = Buffer.alloc(0);
    if (pos < buf.length || pending.closeAfter) this.drop();
    if (pos < buf.length) {
      pending.reject(new HttpClientError('HttpParseError', `${buf.length - pos} bytes after the response`));
      return;
    }
    pending.resolve(answerOf(pending));
  }
}

/** The answer of a completely read response. */
function answerOf(pending: Pending): HttpAnswer {
  const body = pending.body.length === 1 ? (pending.body[0] as Buffer) : Buffer.concat(pending.body);
  return { status: pending.status, headers: pending.headers, text: body.toString('utf8') };
}

/** The state after a chunk-size line: its data, or the trailers after the last (size 0) chunk. */
function readChunkSize(line: string): ParseState {
  const size = line.split(';', 1)[0]?.trim() ?? '';
  if (!/^[0-9a-fA-F]{1,8}$/.test(size)) throw new HttpClientError('HttpParseError', `bad chunk size: ${line}`);
  const left = Number.parseInt(size, 16);
  return left === 0 ? { at: 'trailers' } : { at: 'chunk-data', left };
}
