/** Runs one statement on any pooled connection. */
export type AnalyzeQuery = (text: string) => Promise<unknown>;

/**
 * The tables the store's hot statements look rows up in by namespace and key, with the columns they filter on: only
 * those columns are analyzed (not the vectors and bodies, which no statement filters on and which made most of an
 * analysis's cost). Every table a statement reads by `namespace = $1 AND key = ANY($2)` is here: with statistics
 * that have not seen the namespace, the planner expects a handful of its rows and reads them all by the namespace
 * alone, filtering the keys out (on a namespace grown to 10,000 memories beside others: 54 ms for the idempotency
 * look-up, 22 ms for the tie-break's evidence read, 32 ms for a learn's write, against 0.1–2 ms).
 */
export const ANALYZED_TABLES = [
  'memory_vectors (namespace, memory_id, field, status, dimension, indexed)',
  'memories (namespace, id, status, kind, created_at)',
  'search_changes (namespace, generation, memory_id)',
  'memory_evidence (namespace, id, memory_id, kind)',
  'learn_records (namespace, digest, idempotency_key)',
  'trajectories (namespace, id)',
].join(', ');

/**
 * Refreshes the planner's statistics after bulk writes, in the background. Right after a namespace is bulk-loaded
 * (a batch learn, an import) or has grown fast beside others in a shared database, the statistics autovacuum
 * gathered before can say the namespace holds a handful of rows, and statements that look up a few of its rows then
 * get plans that read all of them (the vector cache's sync statement took 30–70 ms a search instead of 0.2 until
 * autovacuum caught up, a minute or more later; see {@link ANALYZED_TABLES} for the others). This
 * counts the rows each namespace's writes added in this process and runs `ANALYZE` on {@link ANALYZED_TABLES} once
 * they reach `firstAfterRows` (or the rows the namespace already held, when larger), then again each time they double, so a load of N rows costs about log2(N /
 * `firstAfterRows`) analyses. One at a time; a failure (e.g. a role that does not own the tables) is ignored, as
 * autovacuum still runs: statistics only choose plans, never results.
 */
export class BulkWriteAnalyzer {
  private readonly written = new Map<string, { rows: number; next: number }>();
  private running: Promise<void> | undefined;
  private wanted = false;

  constructor(
    private readonly query: AnalyzeQuery,
    private readonly firstAfterRows: number,
  ) {}

  /**
   * Records `rows` rows added to `namespace` by a committed write; may start an analysis. `heldBefore`: about how
   * many rows the namespace held before this process first wrote to it, when known (read on that first write only).
   * The statistics already count those, or autovacuum will (it analyzes a table once a tenth of it changed), so the
   * first analysis waits until this process's writes match them: a server restarted on a namespace of 400,000
   * vectors no longer analyzes after its first 2,000, 4,000 and 8,000 (2.2 s of database CPU each there).
   */
  wrote(namespace: string, rows: number, heldBefore = 0): void {
    if (rows <= 0 || !(this.firstAfterRows > 0)) return;
    const known = this.written.get(namespace) ?? { rows: 0, next: Math.max(this.firstAfterRows, heldBefore) };
    known.rows += rows;
    this.written.set(namespace, known);
    if (known.rows < known.next) return;
    known.next = known.rows * 2;
    this.wanted = true;
    if (this.running === undefined) this.running = this.run();
  }

  /** Settles when no analysis runs or is due (for closing the store and for tests). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.wanted) {
        this.wanted = false;
        await this.query(`ANALYZE ${ANALYZED_TABLES}`).catch(() => undefined);
      }
    } finally {
      this.running = undefined;
    }
  }
}
