import { MAX_MEMORY_KEYWORDS } from '../../core/memory.js';
import { extractKeywords } from '../../core/text/keywords.js';
import type { KeywordExtractor } from '../../ports/keyword-extractor.js';

/** Keyword extraction without a model: the task's content words after stop-word removal, at most `max` (default {@link MAX_MEMORY_KEYWORDS}). */
export function createOfflineKeywordExtractor(options: { max?: number } = {}): KeywordExtractor {
  const max = options.max ?? MAX_MEMORY_KEYWORDS;
  return {
    specificationVersion: 'v1',
    id: 'offline',
    async extract({ task }) {
      return extractKeywords(task, { max });
    },
  };
}
