/**
 * memp around an agent loop, offline: learn from finished trajectories, retrieve procedures for a new task,
 * render them into the prompt, and report the outcome so memory that misleads gets corrected or deprecated.
 * `npm test` runs it (test/examples.test.ts).
 * In an application, import from 'memp' instead of '../src/index.js'.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ActionGrammar, createInMemoryMemoryStore, createMemp } from '../src/index.js';

/**
 * What the offline policies need to know about the environment's actions (here: a text game whose refused commands
 * answer "Nothing happens."), so that scripts keep only the steps that did something. No task knowledge goes here.
 */
const grammar: ActionGrammar = {
  failure: [/^\s*nothing happens\.?\s*$/i],
  navigation: /^go to\s+/i,
  inspection: /^(?:look|inventory|examine\b.*)$/i,
  open: /^open\s+(.+)$/i,
  close: /^close\s+(.+)$/i,
  abstractInstances: true,
};

/** Runs the example and returns what it printed, line by line. */
export async function runQuickstart(log: (line: string) => void = console.log): Promise<void> {
  const memp = createMemp({
    store: createInMemoryMemoryStore(),
    grammar,
    build: 'proceduralization',
    retrieve: 'query',
    update: 'adjustment',
    k: 2,
  });

  // 1. learn from finished episodes (JSONL shipped beside this file)
  const file = fileURLToPath(new URL('./demo-trajectories.jsonl', import.meta.url));
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const results = await memp.learnBatch({
    items: lines.map((line, i) => ({ trajectory: JSON.parse(line) as unknown, where: `line ${i + 1}` })),
  });
  log(`learned ${results.length} trajectories, ${results.filter((r) => r.created).length} procedures stored`);

  // 2. before a new task: retrieve and render into the prompt after the task line
  const task = 'put a clean mug in fridge';
  const retrieved = await memp.retrieve({ task });
  for (const r of retrieved) log(`retrieved [${r.score.toFixed(3)}] ${r.memory.task}`);
  const prompt = `Your task is to: ${task}\n${memp.render(retrieved)}`;
  log(`prompt has ${prompt.length} characters`);

  // 3. after the task: report the outcome with the memories used
  const outcome = await memp.learn({
    trajectory: {
      task,
      steps: [
        {
          action: 'go to countertop 1',
          observation: 'You arrive at countertop 1. On the countertop 1, you see a mug 1.',
        },
        { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
        { action: 'clean mug 1 with countertop 1', observation: 'Nothing happens.' },
      ],
      outcome: { success: false },
    },
    used: retrieved.map((r) => r.memory.id),
  });
  log(`failed episode: adjusted ${outcome.adjusted.length} memories, deprecated ${outcome.deprecated.length}`);
  await memp.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runQuickstart();
