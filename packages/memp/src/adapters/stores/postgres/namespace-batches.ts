/** What became of one item of a batch: its value, or the error that failed it alone. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Runs one batch of a namespace: one outcome per item, in order. A throw fails every item of the batch. */
export type RunBatch<I, O> = (namespace: string, items: readonly I[]) => Promise<Array<BatchOutcome<O>>>;

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit per namespace within this process: items of one namespace run one batch at a time, in arrival
 * order; an item submitted while a batch of its namespace runs waits and goes with every other item that arrived
 * meanwhile (at most `maxBatch`) in the next batch. A lone item starts at once, so batching adds no latency when
 * writes are rare and turns a queue of N waiting writes into about N / `maxBatch` transactions when they are not.
 * Namespaces run alongside each other. Each submitter gets its own item's outcome.
 */
export class NamespaceBatches<I, O> {
  private readonly queues = new Map<string, Array<Waiting<I, O>>>();

  /** `run` applies one batch; `maxBatch` (≥ 1) caps the items of one batch. */
  constructor(
    private readonly run: RunBatch<I, O>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer`);
  }

  /** Queues `item` for `namespace`; settles with its own outcome once its batch ran. */
  submit(namespace: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(namespace);
      if (queue !== undefined) {
        queue.push({ item, resolve, reject });
        return;
      }
      const started: Array<Waiting<I, O>> = [{ item, resolve, reject }];
      this.queues.set(namespace, started);
      void this.drain(namespace, started);
    });
  }

  /** Runs the namespace's batches until its queue is empty, then forgets the namespace. */
  private async drain(namespace: string, queue: Array<Waiting<I, O>>): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      let outcomes: Array<BatchOutcome<O>>;
      try {
        outcomes = await this.run(
          namespace,
          batch.map((w) => w.item),
        );
      } catch (error) {
        for (const w of batch) w.reject(error);
        continue;
      }
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) w.reject(new Error(`batch of "${namespace}" returned no outcome for item ${i}`));
        else if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    }
    this.queues.delete(namespace);
  }
}
