/**
 * The predicate of the partial HNSW index of one dimension (`postgres-vector-index.ts`), the one place it is written:
 * task vectors (`field = 0`) of that dimension whose row is flagged `indexed`. A row is flagged when its namespace's
 * task index state is `filling` or `ready` (see `postgres-task-index.ts`), so small namespaces, which are always
 * searched exactly, add nothing to the graph. `dimension`: the dimension as SQL text (a validated integer literal, or
 * a `format()` placeholder in a migration); it must be a literal for the partial index to match the search.
 */
export function taskIndexPredicate(dimension: string): string {
  return `dimension = ${dimension} AND field = 0 AND indexed`;
}
