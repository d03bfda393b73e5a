/**
 * Runs tasks one at a time per namespace, in arrival order, within this process. The PostgreSQL store queues its
 * writes here before taking a pooled connection: writers of one namespace serialize on the database's advisory
 * lock anyway, and each one waiting there would hold a connection that searches need. Other processes still
 * serialize with this one on the advisory lock.
 */
export class NamespaceQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it for `namespace`; settles as `task` does. */
  run<T>(namespace: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(namespace) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(namespace, tail);
    void tail.then(() => {
      if (this.tails.get(namespace) === tail) this.tails.delete(namespace);
    });
    return result;
  }
}
