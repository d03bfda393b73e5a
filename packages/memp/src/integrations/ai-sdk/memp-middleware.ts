import type { LanguageModelMiddleware } from 'ai';
import type { MemoryFormat } from '../../core/render/render-memories.js';
import type { Memp } from '../../engine/create-memp.js';
import { MEMP_METADATA_KEY, type MempRecall, recallMetadata } from './memp-recall.js';
import {
  type ModelCallOptions,
  firstUserText,
  hasMemoryBlock,
  insertAfterTask,
  isFirstCall,
} from './prompt-memory-block.js';

/** Options of {@link createMempMiddleware}. */
export interface MempMiddlewareOptions {
  /** The engine to recall from (`retrieve` and `render` are used). */
  memp: Pick<Memp, 'retrieve' | 'render'>;
  /** Namespace to search. Default: the engine's. */
  namespace?: string;
  /** Memories per recall. Default: the engine's `k` (3). */
  k?: number;
  /** Minimum similarity of a recalled memory. Default: the engine's. */
  minScore?: number;
  /** Estimated-token budget for the inserted block. Default: the engine's. */
  maxTokens?: number;
  /** Prompt format of the block (`memp`, the paper's, or `markdown`). Default: the engine's. */
  format?: MemoryFormat;
  /**
   * Picks the task from the call. Default: the text of the first user message. Return `undefined` or `''` to
   * leave the call unchanged (no recall).
   */
  taskFrom?: (params: ModelCallOptions) => string | undefined;
  /** Called once per recall (once per agent run), with what was recalled — also when nothing was. */
  onRecall?: (recall: MempRecall) => void;
}

/** The memp middleware: an AI SDK `LanguageModelMiddleware` plus the last recall. */
export interface MempMiddleware extends LanguageModelMiddleware {
  /**
   * The most recent recall (task, memory ids and scores, inserted text), or undefined before the first one. With
   * concurrent runs on one wrapped model prefer `onRecall` or the run's own `providerMetadata.memp` (read it with
   * `recallFromSteps`; `learnFromRun` does).
   */
  recalled(): MempRecall | undefined;
}

const MAX_CACHED_RUNS = 256;

/**
 * Procedural memory for any AI SDK 6 model: `wrapLanguageModel({ model, middleware: createMempMiddleware({ memp }) })`.
 *
 * Before a model call it takes the task (the first user message's text, or `taskFrom`), recalls procedures for it
 * with `memp.retrieve` and inserts them, rendered as a delimited data block (`memp.render`), as a separate text part
 * right after the task in the task's user message: never in the system prompt, never replacing content. With no
 * memory recalled the prompt is passed on unchanged.
 *
 * Once per run: the first call of a run (a prompt without assistant or tool messages) recalls; the later calls of a
 * multi-step `generateText`/`streamText` (same task, growing prompt) reuse that recall, so every step sees the same
 * block and retrieval runs once. A prompt that already carries a memory block (its delimiter tag) is left as it is.
 *
 * Each model response gets `providerMetadata.memp = { task, namespace?, recalled: [{ id, score }] }`, so the run's
 * steps say which memories it used (`recallFromSteps`, `learnFromRun`).
 */
export function createMempMiddleware(options: MempMiddlewareOptions): MempMiddleware {
  const { memp } = options;
  const cache = new Map<string, Promise<MempRecall>>();
  const byParams = new WeakMap<ModelCallOptions, MempRecall>();
  let last: MempRecall | undefined;

  async function recall(task: string): Promise<MempRecall> {
    const retrieved = await memp.retrieve({
      task,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.k === undefined ? {} : { k: options.k }),
      ...(options.minScore === undefined ? {} : { minScore: options.minScore }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    });
    const memories = retrieved.map((r) => ({ id: r.memory.id, score: r.score, task: r.memory.task }));
    const text = memp.render(retrieved, options.format === undefined ? {} : { format: options.format });
    const result: MempRecall = { task, namespace: options.namespace, memories, ids: memories.map((m) => m.id), text };
    options.onRecall?.(result);
    return result;
  }

  function remember(task: string, fresh: boolean): Promise<MempRecall> {
    const cached = cache.get(task);
    if (cached !== undefined && !fresh) return cached;
    const pending = recall(task);
    cache.delete(task);
    cache.set(task, pending);
    pending.catch(() => cache.get(task) === pending && cache.delete(task));
    if (cache.size > MAX_CACHED_RUNS) cache.delete(cache.keys().next().value as string);
    return pending;
  }

  return {
    specificationVersion: 'v3',
    recalled: () => last,
    async transformParams({ params }) {
      if (hasMemoryBlock(params.prompt)) return params;
      const task = (options.taskFrom ? options.taskFrom(params) : firstUserText(params.prompt))?.trim();
      if (!task) return params;
      const result = await remember(task, isFirstCall(params.prompt));
      last = result;
      const next =
        result.text === '' ? params : { ...params, prompt: insertAfterTask(params.prompt, task, result.text) };
      byParams.set(next, result);
      return next;
    },
    async wrapGenerate({ doGenerate, params }) {
      const generated = await doGenerate();
      const result = byParams.get(params);
      if (result === undefined) return generated;
      return {
        ...generated,
        providerMetadata: { ...generated.providerMetadata, [MEMP_METADATA_KEY]: recallMetadata(result) },
      };
    },
    async wrapStream({ doStream, params }) {
      const streamed = await doStream();
      const result = byParams.get(params);
      if (result === undefined) return streamed;
      const metadata = recallMetadata(result);
      type Part = typeof streamed.stream extends ReadableStream<infer P> ? P : never;
      const stream = streamed.stream.pipeThrough(
        new TransformStream<Part, Part>({
          transform(part, controller) {
            controller.enqueue(
              part.type === 'finish'
                ? { ...part, providerMetadata: { ...part.providerMetadata, [MEMP_METADATA_KEY]: metadata } }
                : part,
            );
          },
        }),
      );
      return { ...streamed, stream };
    },
  };
}
