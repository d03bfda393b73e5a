import { extractKeywords } from '../../core/text/keywords.js';
import type { KeywordExtractor } from './keyword-extractor.js';

/** Keyword extraction without a model: the task's content words after stop-word removal. */
export function createOfflineKeywordExtractor(options: { max?: number } = {}): KeywordExtractor {
  const max = options.max ?? 16;
  return {
    id: 'offline',
    async extract({ task }) {
      return extractKeywords(task, { max });
    },
  };
}
