import { describe, expect, it } from 'vitest';
import { createFixedClock } from 'memp';
import { isMempError } from 'memp';
import { createSeededIds } from 'memp';
import { createInMemoryMemoryStore } from 'memp';
import { createLlmGateway } from 'memp/ai';
import { createMemp } from 'memp';
import type { MempOptions } from 'memp';
import { createScriptedLanguageModel, type ScriptedReply } from 'memp/testing';
import { learnTrajectories } from './build-memory-from-replays.js';

const SCRIPT = '1. take the thing\n2. put it where it goes';
const KEYWORDS = '["thing", "place"]';
const trajectories = ['put a mug in sink', 'heat an egg', 'cool a tomato'].map((task, i) => ({
  id: `t${i}`,
  task,
  steps: [{ action: 'look', observation: 'ok' }],
  outcome: { success: true },
}));

function engine(replies: ScriptedReply[], onBuildError: MempOptions['onBuildError']) {
  const gateway = createLlmGateway({ model: createScriptedLanguageModel({ replies }), modelId: 'scripted:m' });
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(2),
    model: gateway,
    onBuildError,
  });
}

describe('learnTrajectories when the model fails on one trajectory (issue 12, finding 10)', () => {
  it('fail: the build stops with the model error and stores nothing', async () => {
    const memp = engine([SCRIPT, KEYWORDS, '', ''], 'fail');
    const error = await learnTrajectories({ memp, trajectories }).catch((e: unknown) => e);
    expect(isMempError(error, 'PROVIDER_OUTPUT_INVALID')).toBe(true);
    expect((await memp.stats()).memories).toBe(0);
  });

  it('offline: every trajectory is kept, the failed one built offline and counted', async () => {
    const memp = engine([SCRIPT, KEYWORDS, '', '', SCRIPT, KEYWORDS], 'offline');
    expect(await learnTrajectories({ memp, trajectories })).toEqual({ memories: 3, fellBack: 1, skipped: 0 });
    const pending = (await memp.list()).filter((m) => m.provenance.pendingRebuild);
    expect(pending.map((m) => m.task)).toEqual(['heat an egg']);
  });

  it('skip: the failed trajectory is left out and counted', async () => {
    const memp = engine([SCRIPT, KEYWORDS, '', '', SCRIPT, KEYWORDS, '', '', SCRIPT, KEYWORDS], 'fail');
    expect(await learnTrajectories({ memp, trajectories, skipModelFailures: true })).toEqual({
      memories: 2,
      fellBack: 0,
      skipped: 1,
    });
    expect((await memp.list()).map((m) => m.task)).toEqual(['put a mug in sink', 'cool a tomato']);
  });
});
