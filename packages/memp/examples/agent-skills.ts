/**
 * memp procedures as Agent Skills, loaded progressively the way coding agents do: at start the agent reads only
 * each skill's metadata (name + description, a few dozen tokens each); for a task it picks the skill whose
 * description fits and only then reads that skill's body. `npm test` runs it (test/examples.test.ts).
 * In an application, import from 'memp' and 'memp/skills' instead of '../src/….js'.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInMemoryMemoryStore, createMemp } from '../src/index.js';
import { exportSkills, parseSkillMarkdown } from '../src/skills.js';

const tokenize = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Runs the example and returns what it printed, line by line. */
export async function runAgentSkillsExample(log: (line: string) => void = console.log): Promise<void> {
  // 1. memory learned from finished episodes, exported as one skill folder per procedure family
  const memp = createMemp({ store: createInMemoryMemoryStore() });
  const file = fileURLToPath(new URL('./demo-trajectories.jsonl', import.meta.url));
  const items = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => ({ trajectory: JSON.parse(line) as unknown }));
  await memp.learnBatch({ items });
  const dir = mkdtempSync(join(tmpdir(), 'memp-skills-example-'));
  const report = await exportSkills({ memp, out: dir });
  log(`exported ${report.skills.length} skills`);

  // 2. agent start: metadata only (the frontmatter), as a skills index in the system prompt
  const index = readdirSync(dir).map((name) => {
    const text = readFileSync(join(dir, name, 'SKILL.md'), 'utf8');
    const { description } = parseSkillMarkdown(text, name);
    return { name, description };
  });
  const metadataChars = index.reduce((n, s) => n + s.name.length + s.description.length, 0);
  log(`metadata loaded: ${index.length} skills, ${metadataChars} characters`);

  // 3. a task: pick the skill whose description shares the most words with it, then load its body on demand
  const task = 'put a clean mug in fridge';
  const words = new Set(tokenize(task));
  const best = index
    .map((s) => ({ ...s, overlap: tokenize(s.description).filter((w) => words.has(w)).length }))
    .sort((a, b) => b.overlap - a.overlap)[0];
  if (!best) return;
  const skill = parseSkillMarkdown(readFileSync(join(dir, best.name, 'SKILL.md'), 'utf8'), best.name);
  log(`task "${task}": loaded skill ${best.name}`);
  log(`procedure: ${skill.procedure.split('\n').length} steps, first "${skill.procedure.split('\n')[0]}"`);
  await memp.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runAgentSkillsExample();
