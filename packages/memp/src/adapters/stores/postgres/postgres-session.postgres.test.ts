import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { type PostgresSession, createPostgresSession } from './postgres-session.js';

let db: TestDatabase;
let pool: pg.Pool;
let session: PostgresSession;
beforeAll(async () => {
  db = await createTestDatabase('session');
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  await pool.query('CREATE TABLE notes (namespace text NOT NULL, note text NOT NULL)');
  session = createPostgresSession({ pool, ownsPool: false, context: 'test store' });
}, 120_000);
afterAll(async () => {
  await session.close();
  await pool.end();
  await db.drop();
});

const LOCK = (namespace: string) => `SELECT pg_advisory_xact_lock(hashtextextended('${namespace}', 0))`;
const READ = { text: 'SELECT note FROM notes WHERE namespace = $1 ORDER BY note', values: ['ns'] };

describe('PostgresSession.transaction with a first read', () => {
  it('sends the read before BEGIN and the lock have answered: one round trip for both', async () => {
    const events: string[] = [];
    const connect = pool.connect.bind(pool);
    // The session's pool, watched: each statement's send and answer, in order.
    const watched = Object.create(pool) as pg.Pool;
    watched.connect = (async () => {
      const client = await connect();
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
      const label = (text: string) =>
        text.startsWith('BEGIN') ? 'begin' : text.startsWith('SELECT note') ? 'read' : text;
      client.query = ((text: string, values?: unknown[]) => {
        events.push(`send ${label(text)}`);
        return query(text, values).then((r) => {
          events.push(`answer ${label(text)}`);
          return r;
        });
      }) as typeof client.query;
      return client;
    }) as typeof pool.connect;
    const watchedSession = createPostgresSession({ pool: watched, ownsPool: false, context: 'test store' });
    const rows = await watchedSession.transaction(async (_client, first) => first, {
      lockNamespace: 'ns',
      firstRead: READ,
    });
    expect(rows).toEqual([]);
    expect(events.slice(0, 4)).toEqual(['send begin', 'send read', 'answer begin', 'answer read']);
  });

  it("takes the read's snapshot once the lock is granted: it sees what the lock's previous holder committed", async () => {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(LOCK('ns'));
      await holder.query("INSERT INTO notes VALUES ('ns', 'written under the lock')");
      let settled = false;
      const waiting = session
        .transaction(async (_client, first) => first, { lockNamespace: 'ns', firstRead: READ })
        .finally(() => {
          settled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      expect(await waiting).toEqual([{ note: 'written under the lock' }]);
    } finally {
      holder.release();
    }
  });

  it("fails with the read's error and rolls back, leaving the connection usable", async () => {
    await expect(
      session.transaction(async () => 'unreached', {
        lockNamespace: 'ns',
        firstRead: { text: 'SELECT note FROM no_such_table', values: [] },
      }),
    ).rejects.toThrow(/no_such_table/);
    const again = await session.transaction(async (_client, first) => first, { lockNamespace: 'ns', firstRead: READ });
    expect(again).toEqual([{ note: 'written under the lock' }]);
  });
});
