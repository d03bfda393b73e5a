/**
 * Turns texts into vectors. Vectors must be L2-normalized so that a dot product is the cosine similarity.
 */
export interface Embedder {
  /**
   * The version of the Embedder specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /**
   * Stable identifier of the embedding space, including anything that changes the vectors
   * (model, features, dimension), e.g. `hashing-v1-512` or `openai:text-embedding-3-small`.
   * Stores refuse to mix vectors of two ids in one namespace.
   */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /** Embeds `texts` in order; returns one L2-normalized vector per text. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
