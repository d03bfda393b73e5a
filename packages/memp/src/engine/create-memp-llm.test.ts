import { describe, expect, it } from 'vitest';
import { ADJUSTED, failedMug, heatMug, KEYWORDS, SCRIPT } from '../../test/heat-mug-episodes.js';
import { createInMemoryBuildCache, createLlmGateway } from '../ai.js';
import { createMemp } from '../composition/create-memp.js';
import { createFixedClock } from '../core/clock.js';
import { isMempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import { createInMemoryMemoryStore } from '../index.js';
import { createOfflineScriptWriter } from '../policies/build/offline-script-writer.js';
import { createScriptedLanguageModel, type ScriptedReply } from '../testing/scripted-language-model.js';
import type { MempOptions } from './memp-options.js';

function engine(replies: ScriptedReply[], options: MempOptions = {}) {
  const model = createScriptedLanguageModel({ replies, inputTokens: 10, outputTokens: 5 });
  const gateway = createLlmGateway({ model, modelId: 'scripted:m1' });
  const memp = createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(3),
    model: gateway,
    ...options,
  });
  return { memp, model, gateway };
}

describe('createMemp with a language model', () => {
  it('builds with the LLM script writer and keyword extractor, recording the model id as builtBy', async () => {
    const { memp, gateway } = engine([SCRIPT, KEYWORDS]);
    const result = await memp.learn({ trajectory: heatMug });
    const { memory } = await memp.show({ id: result.created ?? '' });
    expect(memory.script).toBe(SCRIPT);
    expect(memory.steps).toHaveLength(6);
    expect(memory.keywords).toEqual(['heat', 'mug', 'cabinet']);
    expect(memory.provenance.builtBy).toBe('scripted:m1');
    expect(memp.gateway).toBe(gateway);
    expect(memp.llmUsage()).toEqual({ input: 20, output: 10, calls: 2 });
  });

  it('accepts a plain AI SDK model and derives its id', async () => {
    const model = createScriptedLanguageModel({ replies: [SCRIPT, KEYWORDS] });
    const memp = createMemp({ store: createInMemoryMemoryStore(), model });
    const { memory } = await memp.show({ id: (await memp.learn({ trajectory: heatMug })).created ?? '' });
    expect(memory.provenance.builtBy).toBe('scripted:scripted');
  });

  it('lets explicit policies win over the model', async () => {
    const { memp, model } = engine([KEYWORDS], { scriptWriter: createOfflineScriptWriter() });
    const { memory } = await memp.show({ id: (await memp.learn({ trajectory: heatMug })).created ?? '' });
    expect(memory.provenance.builtBy).toBe('offline');
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('adjusts a used memory on failure: the analysis is the revision note, the steps stay', async () => {
    const { memp } = engine([SCRIPT, KEYWORDS, ADJUSTED]);
    const id = (await memp.learn({ trajectory: heatMug })).created ?? '';
    const result = await memp.learn({ trajectory: failedMug('t-fail'), used: [id] });
    expect(result.adjusted).toEqual([id]);
    const { memory, revisions } = await memp.show({ id });
    expect(memory.version).toBe(2);
    expect(memory.script).toBe('1. take the cup\n2. heat the cup with the microwave\n3. put the cup in the cabinet');
    expect(memory.steps).toHaveLength(6);
    expect(revisions.at(-1)).toMatchObject({
      reason: 'adjustment',
      note: 'The stoveburner cannot heat; use the microwave.',
      before: { script: SCRIPT },
    });
  });

  it('writes nothing when the adjuster answers malformed twice (PROVIDER_OUTPUT_INVALID)', async () => {
    const { memp, model } = engine([SCRIPT, KEYWORDS, 'I think it failed.', '<Analysis>x</Analysis>']);
    const id = (await memp.learn({ trajectory: heatMug })).created ?? '';
    const before = await memp.show({ id });
    const error = await memp.learn({ trajectory: failedMug('t-fail'), used: [id] }).catch((e: unknown) => e);
    expect(isMempError(error, 'PROVIDER_OUTPUT_INVALID')).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(4);
    expect(await memp.show({ id })).toEqual(before);
    expect(before.memory.stats.retrieved).toBe(0);
    expect(await memp.store.trajectory({ namespace: 'default', id: 't-fail' })).toBeUndefined();
    expect((await memp.stats()).memories).toBe(1);
  });

  it('with onBuildError fail, writes nothing when the script writer answers empty twice', async () => {
    const { memp } = engine(['', ''], { onBuildError: 'fail' });
    const error = await memp.learn({ trajectory: heatMug }).catch((e: unknown) => e);
    expect(isMempError(error, 'PROVIDER_OUTPUT_INVALID')).toBe(true);
    expect(await memp.list()).toEqual([]);
    expect(await memp.store.trajectory({ namespace: 'default', id: heatMug.id })).toBeUndefined();
  });

  it('keeps the episode when the model fails: built offline, marked pendingRebuild, rebuilt later (issue 12, finding 10)', async () => {
    const { memp } = engine(['', '', '', '', SCRIPT, KEYWORDS, KEYWORDS]);
    const result = await memp.learn({ trajectory: heatMug });
    expect(result.builtOffline).toBe(true);
    const id = result.created ?? '';
    const offline = (await memp.show({ id })).memory;
    expect(offline.provenance).toMatchObject({ builtBy: 'offline', pendingRebuild: true, from: [heatMug.id] });
    expect(offline.script).toBeDefined();
    expect(await memp.store.trajectory({ namespace: 'default', id: heatMug.id })).toBeDefined();
    // The first rebuild meets the model failing again: the memory stays pending and unchanged.
    expect(await memp.rebuild()).toEqual({ rebuilt: [], failed: [id], missingTrajectory: [] });
    expect((await memp.show({ id })).memory).toEqual(offline);
    expect(await memp.rebuild()).toEqual({ rebuilt: [id], failed: [], missingTrajectory: [] });
    const { memory, revisions } = await memp.show({ id });
    expect(memory.script).toBe(SCRIPT);
    expect(memory.keywords).toEqual(['heat', 'mug', 'cabinet']);
    expect(memory.provenance).toEqual({ builtBy: 'scripted:m1', from: [heatMug.id], embedder: memp.embedder.id });
    expect(revisions.at(-1)).toMatchObject({ reason: 'edit', note: 'rebuilt with the model' });
    expect(
      (await memp.retrieve({ task: 'heat a mug and put it in cabinet', k: 1, policy: 'avefact' }))[0]?.memory.id,
    ).toBe(id);
  });

  it('reuses cached build outputs across engines sharing a build cache', async () => {
    const buildCache = createInMemoryBuildCache();
    const first = engine([SCRIPT, KEYWORDS], { buildCache });
    await first.memp.learn({ trajectory: heatMug });
    const second = engine([], { buildCache });
    const { memory } = await second.memp.show({ id: (await second.memp.learn({ trajectory: heatMug })).created ?? '' });
    expect(memory.script).toBe(SCRIPT);
    expect(second.memp.llmUsage()).toEqual({ input: 0, output: 0, calls: 0 });
  });

  it('reports zero usage offline', () => {
    const memp = createMemp({ store: createInMemoryMemoryStore() });
    expect(memp.gateway).toBeUndefined();
    expect(memp.llmUsage()).toEqual({ input: 0, output: 0, calls: 0 });
  });
});
