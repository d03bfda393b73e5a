import { type Server, type Socket, connect, createServer } from 'node:net';

/** A running {@link startDelayingTcpProxy}. */
export interface DelayingTcpProxy {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** How long answers are held from now on (ms); change it only while nothing is in flight. */
  delayMs: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk coming back from `target` for `delayMs` before passing it on (in
 * order), so each round trip through it takes `delayMs` longer: a request that waits for n round trips one after
 * the other takes about n × `delayMs` longer, one whose round trips overlap less. What a bench uses to count the
 * sequential waits on a request's path (a database a few milliseconds away, or a busy event loop, costs as much per
 * wait). Requests go through at once; only answers are held. With `delayMs` 0 answers pass at once (what the
 * proxy's own hop costs, to subtract).
 */
export async function startDelayingTcpProxy(options: {
  target: { host: string; port: number };
  delayMs: number;
}): Promise<DelayingTcpProxy> {
  const { target } = options;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    // Small messages go out at once both ways (Nagle would hold one behind an unacknowledged one).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    // Timers of one duration fire in the order they were set: the chunks keep their order.
    upstream.on('data', (chunk: Buffer) => {
      if (proxy.delayMs === 0) client.write(chunk);
      else
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
        }, proxy.delayMs);
    });
    upstream.on('end', () => setTimeout(() => client.end(), proxy.delayMs));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', () => setTimeout(drop, proxy.delayMs));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const proxy: DelayingTcpProxy = {
    port,
    delayMs: options.delayMs,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
  return proxy;
}
