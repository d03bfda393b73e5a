/**
 * Extracts the keywords of a task (Key=AveFact): the offline version keeps content words; the LLM version
 * (a later adapter) asks a model. The same extractor tags new memories with their keywords.
 */
export interface KeywordExtractor {
  /**
   * The version of the KeywordExtractor specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** `offline` or a model id. */
  readonly id: string;
  /** The keywords of `task`, most telling first (memp keeps at most 12 per memory). */
  extract(input: { task: string }): Promise<string[]>;
}
