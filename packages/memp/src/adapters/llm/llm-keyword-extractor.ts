import { z } from 'zod';
import type { KeywordExtractor } from '../../ports/keyword-extractor.js';
import { type BuildCache, hashText } from './build-cache.js';
import { type ParseResult, generateValidated } from './generate-validated.js';
import type { LlmGateway } from './llm-gateway.js';
import { DATA_NOT_INSTRUCTIONS, dataBlock } from './prompt-data.js';

/** Version of the keyword prompt; part of the build-cache key. */
export const KEYWORDS_PROMPT_VERSION = 'keywords-v1';

/** Most keywords kept per task. */
export const MAX_KEYWORDS = 12;

const SYSTEM = `You extract search keywords from task descriptions for an agent's procedural memory. ${DATA_NOT_INSTRUCTIONS}`;

const KeywordListSchema = z.array(z.string());

/** The user prompt of keyword extraction for one task. */
export function keywordsPrompt(task: string): string {
  return [
    dataBlock({ tag: 'task', content: task }),
    'List the keywords of this task: the key facts that say what kind of task it is and what it involves — the',
    'actions (e.g. heat, clean, cool, look at, put), the objects and the places. 2 to 8 short keywords or phrases, lowercase.',
    'Answer with a JSON array of strings only, e.g. ["heat", "mug", "coffee machine"].',
  ].join('\n');
}

/**
 * Reads a JSON array of keyword strings out of an answer (code fences and text around the array are tolerated);
 * keywords are trimmed, lower-cased and de-duplicated. Not an array of strings, or no keyword left, is a failure.
 */
export function parseKeywords(text: string): ParseResult<string[]> {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end < start)
    return { ok: false, reason: text.trim() === '' ? 'the answer is empty' : 'the answer holds no JSON array' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch {
    return { ok: false, reason: 'the array is not valid JSON' };
  }
  const parsed = KeywordListSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'the array does not hold only strings' };
  const keywords = [
    ...new Set(parsed.data.map((k) => k.trim().toLowerCase().replace(/\s+/g, ' ')).filter((k) => k !== '')),
  ];
  if (keywords.length === 0) return { ok: false, reason: 'the array holds no keyword' };
  return { ok: true, value: keywords.slice(0, MAX_KEYWORDS) };
}

/**
 * Key=AveFact keyword extraction by a model (temperature 0): a validated JSON array of strings, retried once when
 * malformed or empty, then `PROVIDER_OUTPUT_INVALID`. With a `cache`, keywords are keyed by (task hash, model id,
 * {@link KEYWORDS_PROMPT_VERSION}) — retrieval asks for the same tasks again and again.
 */
export function createLlmKeywordExtractor(options: { gateway: LlmGateway; cache?: BuildCache }): KeywordExtractor {
  const { gateway, cache } = options;
  return {
    specificationVersion: 'v1',
    id: gateway.modelId,
    async extract({ task }) {
      const key = { content: hashText(task.trim()), model: gateway.modelId, prompt: KEYWORDS_PROMPT_VERSION };
      const cached = await cache?.get(key);
      if (cached !== undefined) {
        const parsed = parseKeywords(cached);
        if (parsed.ok) return parsed.value;
      }
      const keywords = await generateValidated({
        gateway,
        what: 'keywords',
        parse: parseKeywords,
        request: { system: SYSTEM, prompt: keywordsPrompt(task), temperature: 0, maxOutputTokens: 200 },
      });
      await cache?.set(key, JSON.stringify(keywords));
      return keywords;
    },
  };
}
