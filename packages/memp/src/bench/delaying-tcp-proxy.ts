import { type Server, type Socket, connect, createServer } from 'node:net';

/** A running {@link startDelayingTcpProxy}. */
export interface DelayingTcpProxy {
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk coming back from `target` for `delayMs` before passing it on (in
 * order), so each round trip through it takes `delayMs` longer: a request that waits for n round trips one after
 * the other takes about n × `delayMs` longer, one whose round trips overlap less. What a bench uses to count the
 * sequential waits on a request's path (a database a few milliseconds away, or a busy event loop, costs as much per
 * wait). Requests go through at once; only answers are held.
 */
export async function startDelayingTcpProxy(options: {
  target: { host: string; port: number };
  delayMs: number;
}): Promise<DelayingTcpProxy> {
  const { target, delayMs } = options;
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
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, delayMs);
    });
    upstream.on('end', () => setTimeout(() => client.end(), delayMs));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', () => setTimeout(drop, delayMs));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
