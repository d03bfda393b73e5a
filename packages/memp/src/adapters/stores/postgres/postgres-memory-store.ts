import type { Memory, MemoryStatus } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type {
  ChangeResult,
  ChangeSet,
  EmbeddingSpace,
  LexicalHit,
  LexicalSearch,
  LexicalSearchable,
  MemoryListQuery,
  MemoryStore,
  MemoryVectors,
  NamespaceStats,
  Reembedding,
  StoreCapabilities,
  VectorHit,
  VectorSearch,
} from '../../../ports/memory-store.js';
import { checkLexicalSearch } from '../shared/lexical-search-check.js';
import { checkIds, checkListQuery, checkNamespace, checkSearch, checkStatus } from '../shared/store-validation.js';
import { revisionFromRow, trajectoryFromRow } from '../shared/stored-json.js';
import { type PostgresConnectionOptions, connectPostgres } from './postgres-connect.js';
import { indexPendingMemories, searchLexicon, writeLexicon } from './postgres-lexicon.js';
import { listMemories, readMemories, readStats, readVectors } from './postgres-reads.js';
import { searchPostgres } from './postgres-search.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import type { PostgresSession } from './postgres-session.js';
import { readSpace, writeChange, writeReembed } from './postgres-writes.js';

/** Options for {@link createPostgresMemoryStore}: give `connectionString` or `pool`. */
export interface PostgresMemoryStoreOptions extends PostgresConnectionOptions {
  /**
   * Namespaces whose searched rows (vectors of the field with a searched status) number at most this are
   * searched exactly; larger ones through the HNSW index. Default 20 000. `Infinity`: always exact (and
   * `capabilities.vectorSearch` is then `'exact'`).
   */
  exactSearchMaxRows?: number;
  /** Called after every search with how it was served (metrics). */
  onSearch?: (info: PostgresSearchInfo) => void;
}

const CONTEXT = 'PostgreSQL memory store';

/**
 * A {@link MemoryStore} on PostgreSQL with pgvector (>= 0.8), for several memp processes sharing one database.
 *
 * Opening connects, makes sure pgvector is there (`STORAGE_FAILED` saying how to install it otherwise: there is
 * no fallback) and applies pending migrations once across processes. Every change runs in one transaction that
 * first takes a transaction-level advisory lock on its namespace, so writers of a namespace serialize (as with
 * SQLite's write lock, but per namespace) and version checks and usage counts are exact across processes;
 * readers never wait. Vectors are pgvector values in one table, indexed with a partial HNSW index per
 * dimension; search is exact in SQL for namespaces up to `exactSearchMaxRows` and approximate (HNSW with
 * `hnsw.iterative_scan`) above, except Key=AveFact searches with several keywords, which are always exact;
 * scores are always computed exactly in JavaScript, so they equal the reference store's. Quirks: the first vectors
 * of a new dimension create its index inside that write's transaction (a short SHARE lock on `memory_vectors`);
 * dimensions above 4 000 have no index and are always searched exactly.
 */
export class PostgresMemoryStore implements MemoryStore, LexicalSearchable {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: StoreCapabilities;
  private readonly exactSearchMaxRows: number;

  /** `session`: connected and migrated (see {@link createPostgresMemoryStore}). */
  constructor(
    private readonly session: PostgresSession,
    private readonly options: Pick<PostgresMemoryStoreOptions, 'exactSearchMaxRows' | 'onSearch'>,
  ) {
    this.exactSearchMaxRows = options.exactSearchMaxRows ?? 20_000;
    this.capabilities = {
      persistent: true,
      multiProcess: true,
      vectorSearch: this.exactSearchMaxRows === Number.POSITIVE_INFINITY ? 'exact' : 'ann',
    };
  }

  async apply(change: ChangeSet): Promise<ChangeResult> {
    const plan = await this.session.transaction(async (client) => {
      const written = await writeChange(client, change);
      await writeLexicon(client, written);
      return written;
    });
    return plan.result;
  }

  async get({ namespace, ids }: { namespace: string; ids: readonly string[] }): Promise<Memory[]> {
    this.session.assertOpen();
    return readMemories(this.session, { namespace: checkNamespace(namespace), ids: checkIds(ids) });
  }

  async list(query: MemoryListQuery): Promise<Memory[]> {
    this.session.assertOpen();
    return listMemories(this.session, checkListQuery(query));
  }

  async ids({ namespace, status }: { namespace: string; status?: MemoryStatus }): Promise<string[]> {
    this.session.assertOpen();
    const r = await this.session.query<{ id: string }>(
      'SELECT id FROM memories WHERE namespace = $1 AND status = $2 ORDER BY created_at, id',
      [checkNamespace(namespace), checkStatus(status ?? 'active')],
    );
    return r.rows.map((row) => row.id);
  }

  async revisions({ namespace, memoryId }: { namespace: string; memoryId: string }): Promise<Revision[]> {
    this.session.assertOpen();
    const r = await this.session.query<{ body: string }>(
      'SELECT body FROM revisions WHERE namespace = $1 AND memory_id = $2 ORDER BY version, seq',
      [checkNamespace(namespace), memoryId],
    );
    return r.rows.map((row) => revisionFromRow(row.body));
  }

  async trajectory({ namespace, id }: { namespace: string; id: string }): Promise<Trajectory | undefined> {
    this.session.assertOpen();
    const r = await this.session.query<{ body: string }>(
      'SELECT body FROM trajectories WHERE namespace = $1 AND id = $2',
      [checkNamespace(namespace), id],
    );
    const body = r.rows[0]?.body;
    return body === undefined ? undefined : trajectoryFromRow(body);
  }

  async vectors({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryVectors>> {
    this.session.assertOpen();
    return readVectors(this.session, { namespace: checkNamespace(namespace), ids: checkIds(ids) });
  }

  async search(query: VectorSearch): Promise<VectorHit[]> {
    this.session.assertOpen();
    const namespace = checkNamespace(query?.namespace);
    const { onSearch } = this.options;
    return this.session.transaction(
      async (client) => {
        const space = await readSpace(client, namespace);
        const q = checkSearch(query, space);
        if (space === undefined) return [];
        const exactSearchMaxRows = this.exactSearchMaxRows;
        return searchPostgres({ client, query: q, space, exactSearchMaxRows, ...(onSearch ? { onSearch } : {}) });
      },
      { readOnly: true },
    );
  }

  /** Lexical search over the `tsvector` index (see `searchLexicon`). */
  async lexicalSearch(query: LexicalSearch): Promise<LexicalHit[]> {
    this.session.assertOpen();
    const q = checkLexicalSearch(query);
    return this.session.transaction((client) => searchLexicon(client, q), { readOnly: true });
  }

  async space({ namespace }: { namespace: string }): Promise<EmbeddingSpace | undefined> {
    this.session.assertOpen();
    const ns = checkNamespace(namespace);
    return this.session.transaction((client) => readSpace(client, ns), { readOnly: true });
  }

  async reembed(change: Reembedding): Promise<void> {
    await this.session.transaction((client) => writeReembed(client, change));
  }

  async stats({ namespace }: { namespace: string }): Promise<NamespaceStats> {
    this.session.assertOpen();
    return readStats(this.session, checkNamespace(namespace));
  }

  async namespaces(): Promise<string[]> {
    const r = await this.session.query<{ namespace: string }>(
      'SELECT namespace FROM memories UNION SELECT namespace FROM trajectories ORDER BY namespace',
    );
    return r.rows.map((row) => row.namespace);
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/** Connects a {@link PostgresMemoryStore}: `INVALID_ARGUMENT` for bad options, `STORAGE_FAILED` when unreachable. */
export async function createPostgresMemoryStore(options: PostgresMemoryStoreOptions): Promise<MemoryStore> {
  const session = await connectPostgres(options, CONTEXT);
  await session.transaction((client) => indexPendingMemories(client));
  const { exactSearchMaxRows, onSearch } = options;
  return new PostgresMemoryStore(session, {
    ...(exactSearchMaxRows === undefined ? {} : { exactSearchMaxRows }),
    ...(onSearch === undefined ? {} : { onSearch }),
  });
}
