/**
 * Extracts the keywords of a task (Key=AveFact): the offline version keeps content words; the LLM version
 * (a later adapter) asks a model. The same extractor tags new memories with their keywords.
 */
export interface KeywordExtractor {
  /** `offline` or a model id. */
  readonly id: string;
  extract(input: { task: string }): Promise<string[]>;
}
