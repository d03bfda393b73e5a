import type { Memp } from 'memp';
import { paraphraseTask } from '../../shared/paraphrase-rules.js';
import type { AlfworldBenchDeps } from './alfworld-bench-deps.js';
import { learnTrajectories, replayTrajectories } from './build-memory-from-replays.js';
import { loadGames, toTask } from './build-run-memory.js';

/**
 * Grows a memory the way a namespace meets new wording: the expert replays of `splits`' games, each learned with
 * its task sentence reworded by `paraphraseTask` (as if another user had asked for it and the agent had solved it).
 * The engine sees only the episodes (reworded task, steps, outcome): no task type, no word list. Returns how many
 * episodes were learned.
 */
export async function learnRewordedReplays(options: {
  memp: Memp;
  data: string | undefined;
  splits: readonly string[];
  deps: AlfworldBenchDeps;
  maxSteps: number;
  seed: number;
}): Promise<number> {
  let learned = 0;
  for (const split of options.splits) {
    const games = loadGames(options.data, split, options.deps).games;
    const env = options.deps.createEnvironment({ games, maxSteps: options.maxSteps, forAgent: 'expert' });
    const agent = options.deps.createAgent({ name: 'expert', seed: options.seed, games });
    const replays = await replayTrajectories({
      tasks: games.map(toTask),
      env,
      agent,
      maxSteps: options.maxSteps,
      prefix: `reworded-${split}`,
    });
    const trajectories = replays.trajectories.map((t) => ({ ...t, task: paraphraseTask(t.task) }));
    await learnTrajectories({ memp: options.memp, trajectories });
    learned += trajectories.length;
  }
  return learned;
}
