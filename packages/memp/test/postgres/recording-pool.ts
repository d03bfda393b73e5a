import pg from 'pg';

/**
 * A pool whose connections record every statement they send, in order (one statement is one round trip): for tests
 * that count a store's round trips.
 */
export function recordingPool(url: string): { pool: pg.Pool; statements: string[] } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const statements: string[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const first = args[0];
        statements.push(typeof first === 'string' ? first : String((first as { text?: unknown })?.text));
        return query(...args);
      },
    });
  });
  return { pool, statements };
}
