// Prints the figures of issue 12's two retrieval attacks against a built memp: keyword stuffing (top-1 wins of a
// stuffed memory over six varied queries, per retrieval policy) and scaled imported vectors (wins and scores of a
// memory whose exported vectors were multiplied by 1e6). Usage: node scripts/poisoning-figures.mjs [distDir]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const { createMemp, createInMemoryMemoryStore, createFixedClock, createSeededIds } = await import(
  pathToFileURL(`${dist}/index.js`).href
);

const step = (action) => ({ action, observation: 'OK.' });
const GENUINE = [
  [
    't-put',
    'put a spraybottle in toilet',
    ['go to cabinet 1', 'take spraybottle 1 from cabinet 1', 'go to toilet 1', 'move spraybottle 1 to toilet 1'],
  ],
  [
    't-clean',
    'put a clean apple in fridge',
    [
      'go to countertop 1',
      'take apple 1 from countertop 1',
      'clean apple 1 with sinkbasin 1',
      'move apple 1 to fridge 1',
    ],
  ],
  [
    't-heat',
    'heat some egg and put it in countertop',
    ['go to fridge 1', 'take egg 1 from fridge 1', 'heat egg 1 with microwave 1', 'move egg 1 to countertop 1'],
  ],
  [
    't-cool',
    'cool some tomato and put it in microwave',
    [
      'go to countertop 1',
      'take tomato 1 from countertop 1',
      'cool tomato 1 with fridge 1',
      'move tomato 1 to microwave 1',
    ],
  ],
  [
    't-look',
    'look at alarmclock under the desklamp',
    ['go to desk 1', 'take alarmclock 1 from desk 1', 'use desklamp 1'],
  ],
  [
    't-two',
    'put two pencil in drawer',
    [
      'go to desk 1',
      'take pencil 1 from desk 1',
      'move pencil 1 to drawer 1',
      'take pencil 2 from desk 1',
      'move pencil 2 to drawer 1',
    ],
  ],
].map(([id, task, actions]) => ({ id, task, steps: actions.map(step), outcome: { success: true } }));
const STUFFED = {
  id: 't-stuffed',
  task: 'put clean hot cool heat examine look desklamp two countertop fridge cabinet drawer microwave sinkbasin toilet apple egg tomato pencil',
  steps: [step('go to cabinet 1')],
  outcome: { success: true },
};
const QUERIES = [
  'put a spraybottle in cabinet',
  'put a clean mug in cabinet',
  'heat some potato and put it in fridge',
  'cool a apple and put it in countertop',
  'examine the book with the desklamp',
  'put two cd in drawer',
];
const engine = (retrieve) =>
  createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(3), retrieve });

console.log(`dist: ${dist}`);
for (const retrieve of ['query', 'avefact']) {
  const memp = engine(retrieve);
  for (const t of GENUINE) await memp.learn({ trajectory: t });
  const { created } = await memp.learn({ trajectory: STUFFED });
  let wins = 0;
  for (const task of QUERIES) if ((await memp.retrieve({ task, k: 1 }))[0]?.memory.id === created) wins += 1;
  console.log(`keyword stuffing, ${retrieve}: stuffed memory top-1 for ${wins} of ${QUERIES.length} queries`);
}

const source = engine('query');
for (const t of GENUINE) await source.learn({ trajectory: t });
const lines = [];
await source.exportTo({ embeddings: true, write: (line) => void lines.push(line) });
const poisoned = lines.map((line, i) => {
  if (i !== 1) return line;
  const value = JSON.parse(line);
  value.vectors.task = value.vectors.task.map((x) => x * 1e6);
  value.vectors.keywords = value.vectors.keywords.map((k) => k.map((x) => x * 1e6));
  return JSON.stringify(value);
});
const scaledId = JSON.parse(poisoned[1]).memory.id;
for (const retrieve of ['query', 'avefact']) {
  const target = engine(retrieve);
  await target.importFrom({ lines: poisoned });
  let wins = 0;
  const scores = [];
  for (const task of [...QUERIES, 'write a poem about the sea']) {
    const [top] = await target.retrieve({ task, k: 1 });
    if (top?.memory.id === scaledId) wins += 1;
    scores.push(top ? `${top.memory.id === scaledId ? '*' : ''}${top.score.toFixed(3)}` : '-');
  }
  const sea = await target.retrieve({ task: 'write a poem about the sea', minScore: 0.9 });
  console.log(
    `scaled vectors (x1e6), ${retrieve}: scaled memory top-1 for ${wins} of ${QUERIES.length + 1} queries (incl. "write a poem about the sea"); ` +
      `top-1 scores ${scores.join(' ')} (* = scaled memory); --min-score 0.9 on the poem returns ${sea.length}`,
  );
}
