/**
 * Query expansion learned from the namespace (issue 26): which task words stand for the same procedure, from
 * small hand-written groups of tasks, and end to end through memp's hybrid retrieval as the namespace learns.
 */
import { describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createHashingEmbedder } from '../../adapters/embedders/hashing-embedder.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import type { Memory } from '../../core/memory.js';
import { createMemp } from '../../composition/create-memp.js';
import { createNamespaceVocabulary, procedureGroups } from './namespace-vocabulary.js';
import { procedureSkeleton } from './procedure-skeleton.js';
import { learnTermCooccurrence, taskWords } from './term-cooccurrence.js';

const word = (w: string): string => taskWords(w)[0] as string;

/** Two procedures (refund, shipping), each in two groups, each worded two ways. */
const DESK_GROUPS = [
  ['refund the order of the red lamp', 'reimburse the order of the blue chair', 'refund the order of the old desk'],
  ['reimburse the order of the green sofa', 'refund the order of the tall shelf'],
  ['ship the order of the red lamp', 'dispatch the order of the blue chair'],
  ['dispatch the order of the green sofa', 'ship the order of the tall shelf', 'ship the order of the old desk'],
];

describe('learnTermCooccurrence', () => {
  it('links the words tasks solved by the same procedure use for the same job, and not across procedures', () => {
    const model = learnTermCooccurrence(DESK_GROUPS);
    expect(model.groups).toBe(4);
    const refund = model.expand(taskWords('refund order of the glass vase'), new Set());
    expect(refund.map((x) => x.term)).toContain(word('reimburse'));
    expect(refund.find((x) => x.term === word('reimburse'))).toEqual({
      term: word('reimburse'),
      kind: 'cooccurrence',
      from: [word('refund')],
      support: 2,
    });
    const terms = refund.map((x) => x.term);
    expect(terms).not.toContain(word('ship'));
    expect(terms).not.toContain(word('dispatch'));
    // `order` is in every task: it says nothing about the procedure and links to nothing.
    expect(model.expand([word('order')], new Set())).toEqual([]);
    expect(model.expand([word('dispatch')], new Set()).map((x) => x.term)).toContain(word('ship'));
    // A word no group holds expands to nothing.
    expect(model.expand([word('teleport')], new Set())).toEqual([]);
  });

  it('does not link words that stand in the same tasks (used together, not instead of each other)', () => {
    const together = [
      ['refund the damaged order', 'reimburse the broken order'],
      ['refund the damaged parcel', 'reimburse the broken parcel'],
      ['ship the order', 'dispatch the order'],
      ['ship the parcel', 'dispatch the parcel'],
    ];
    const model = learnTermCooccurrence(together);
    const terms = model.expand([word('refund')], new Set()).map((x) => x.term);
    expect(terms).toContain(word('reimburse'));
    expect(terms).not.toContain(word('damaged')); // always beside `refund`
    const loose = learnTermCooccurrence(together, { maxSameTask: 1 });
    expect(loose.expand([word('refund')], new Set()).map((x) => x.term)).toContain(word('damaged'));
  });

  it('leaves out held terms, caps per term and per query, and needs the support asked for', () => {
    const model = learnTermCooccurrence(DESK_GROUPS);
    expect(model.expand([word('refund')], new Set([word('reimburse')])).map((x) => x.term)).not.toContain(
      word('reimburse'),
    );
    const capped = learnTermCooccurrence(DESK_GROUPS, { maxTerms: 1, minSimilarity: 0 });
    expect(capped.expand([word('refund'), word('ship')], new Set())).toHaveLength(1);
    const strict = learnTermCooccurrence(DESK_GROUPS, { minSupport: 3 });
    expect(strict.expand([word('refund')], new Set())).toEqual([]);
  });

  it('skips groups without two differently worded tasks: they are no evidence', () => {
    const model = learnTermCooccurrence([
      ['refund the order', 'refund the order', 'Refund the order!'],
      ['reimburse the order'],
    ]);
    expect(model.groups).toBe(0);
    expect(model.vocabulary).toBe(0);
    expect(model.expand([word('refund')], new Set())).toEqual([]);
  });
});

describe('procedureSkeleton', () => {
  it("is the actions' first words in order, a repeated word kept once; objects and numbers drop out", () => {
    const steps = [
      'go to shelf 1',
      'go to desk 2',
      'take pen 1 from desk 2',
      'go to drawer 3',
      'put pen 1 in drawer 3',
    ];
    expect(procedureSkeleton({ steps: steps.map((action) => ({ action, observation: '' })) })).toBe('go take go put');
    expect(procedureSkeleton({ script: '1. Look up the order\n2. refund it\n- reply to the customer' })).toBe(
      'look refund reply',
    );
    expect(procedureSkeleton({})).toBe('');
  });
});

describe('procedureGroups', () => {
  it("groups a memory's task with its source trajectories' tasks, and memories of one procedure shape", async () => {
    const store = createInMemoryMemoryStore();
    const embedder = createHashingEmbedder();
    const at = '2025-01-01T00:00:00.000Z';
    const steps = (verbs: string[]) => verbs.map((v) => ({ action: `${v} the thing`, observation: 'ok' }));
    const trajectory = (id: string, task: string) => ({
      id,
      namespace: 'ns',
      task,
      steps: steps(['find', 'refund']),
      outcome: { success: true, steps: 2 },
    });
    const memory = (id: string, task: string, verbs: string[], from: string[]): Memory => ({
      id,
      namespace: 'ns',
      task,
      keywords: [],
      kind: 'trajectory',
      steps: steps(verbs),
      status: 'active',
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from, embedder: embedder.id },
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    const create = [
      memory('m1', 'refund order A', ['find', 'refund'], ['t1', 't2']),
      memory('m2', 'reimburse order B', ['find', 'refund'], ['t3']),
      memory('m3', 'ship order C', ['find', 'ship'], []),
      memory('m4', 'dispatch order D', ['label', 'ship'], []),
      memory('m5', 'send order E', ['label', 'ship'], []),
    ];
    const vectors = { task: (await embedder.embed(['x']))[0] as Float32Array, keywords: [] };
    await store.apply({
      namespace: 'ns',
      at,
      space: { embedder: embedder.id, dimension: embedder.dimension },
      trajectories: [
        trajectory('t1', 'refund order A'),
        trajectory('t2', 'give the money of order A back'),
        trajectory('t3', 'reimburse order B'),
        trajectory('t4', 'post the parcel of order C'),
        trajectory('t5', 'words an untrusted key wants linked'),
      ],
      create: create.map((m) => ({ memory: m, vectors })),
    });
    // Episodes that followed m3 and succeeded: one from a trusted source, one from an untrusted key.
    await store.apply({
      namespace: 'ns',
      at,
      evidence: [
        { id: 'e1', memoryId: 'm3', kind: 'success', source: 'agent', trust: 'trusted', episode: 't4', at },
        { id: 'e2', memoryId: 'm3', kind: 'success', source: 'key:x', trust: 'untrusted', episode: 't5', at },
      ],
    });
    const groups = await procedureGroups(store, 'ns');
    expect(groups).toContainEqual(['refund order A', 'refund order A', 'give the money of order A back']);
    expect(groups).toContainEqual([
      'refund order A',
      'refund order A',
      'give the money of order A back',
      'reimburse order B',
    ]);
    expect(groups).toContainEqual(['dispatch order D', 'send order E']);
    // m3's own group (its trusted successful episode) and its shape's group.
    expect(groups.filter((g) => g.join('|') === 'ship order C|post the parcel of order C')).toHaveLength(2);
    expect(groups.flat()).not.toContain('words an untrusted key wants linked');
    expect(groups).toHaveLength(5);
  });
});

/** A support desk episode: `verb`s as the actions, the task as given. */
function episode(task: string, verbs: string[]) {
  return {
    task,
    steps: verbs.map((v) => ({ action: `${v}({"order":"X"})`, observation: 'ok' })),
    outcome: { success: true },
  };
}

describe('hybrid retrieval with expansion "cooccurrence"', () => {
  it('learns as the namespace grows, and explain names each added term, the query word and the support', async () => {
    const memp = createMemp({
      store: createInMemoryMemoryStore(),
      clock: createFixedClock(),
      ids: createSeededIds(9),
      retrieve: 'hybrid',
      hybrid: { expansion: 'cooccurrence' },
    });
    await memp.learnBatch({
      items: [
        episode('refund order A17 of anna', ['lookup', 'refund', 'reply']),
        episode('refund order B22 of ben', ['lookup', 'policy', 'refund', 'reply']),
        episode('ship order C5 of carl', ['lookup', 'label', 'reply']),
        episode('ship order D9 of dora', ['lookup', 'carrier', 'label', 'reply']),
      ].map((trajectory) => ({ trajectory })),
    });
    const before = await memp.retrieve({ task: 'refund order Z1', k: 2, explain: true });
    expect(before[0]?.explain?.expansions).toBeUndefined();
    // The desk starts saying "reimburse" for the same procedure: the vocabulary grows with it.
    await memp.learnBatch({
      items: [
        episode('reimburse order E3 of emil', ['lookup', 'refund', 'reply']),
        episode('reimburse order F4 of fay', ['lookup', 'policy', 'refund', 'reply']),
        episode('dispatch order G7 of gus', ['lookup', 'label', 'reply']),
        episode('dispatch order H8 of hal', ['lookup', 'carrier', 'label', 'reply']),
      ].map((trajectory) => ({ trajectory })),
    });
    const after = await memp.retrieve({ task: 'refund order Z1', k: 8, explain: true });
    const expansions = after[0]?.explain?.expansions ?? [];
    expect(expansions).toContainEqual({
      term: word('reimburse'),
      kind: 'cooccurrence',
      from: [word('refund')],
      support: 2,
    });
    expect(expansions.map((x) => x.term)).not.toContain(word('dispatch'));
    expect(after[0]?.explain?.expandedTerms).toEqual(expansions.map((x) => x.term));
    // The expansion matched: a "reimburse" memory is found lexically through the learned term.
    const reimburse = after.find((r) => r.memory.task.startsWith('reimburse'));
    expect(reimburse?.explain?.lexical?.matched).toContain(word('reimburse'));
    await memp.close();
  });
});

describe('createNamespaceVocabulary', () => {
  it('learns once while the namespace is unchanged, and again after it changes', async () => {
    const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(4) });
    const learn = (task: string, verbs: string[]) => memp.learn({ trajectory: episode(task, verbs) });
    for (const task of ['refund order A1', 'refund order A2', 'reimburse order B1', 'reimburse order B2'])
      await learn(task, ['lookup', 'refund']);
    await learn('ship order C1', ['lookup', 'label']);
    await learn('greet the customer', ['greet']);
    await learn('close the ticket', ['close']);
    await learn('escalate the case', ['escalate']);
    await learn('log the call', ['log']);
    const vocabulary = createNamespaceVocabulary({ minSupport: 1 });
    const first = await vocabulary.of(memp.store, 'default');
    expect(await vocabulary.of(memp.store, 'default')).toBe(first);
    // One procedure worded two ways and nothing to contrast it with: no word is yet known to pick a procedure.
    expect(first.groups).toBe(1);
    expect(first.expand([word('refund')], new Set())).toEqual([]);
    for (const task of ['ship order C2', 'dispatch order D1', 'dispatch order D2'])
      await learn(task, ['lookup', 'label']);
    const second = await vocabulary.of(memp.store, 'default');
    expect(second).not.toBe(first);
    expect(second.groups).toBe(2);
    expect(second.expand([word('refund')], new Set()).map((x) => x.term)).toEqual([word('reimburse')]);
    expect(second.expand([word('ship')], new Set()).map((x) => x.term)).toEqual([word('dispatch')]);
    await memp.close();
  });
});
