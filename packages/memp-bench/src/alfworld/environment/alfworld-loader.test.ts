import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMempError } from 'memp';
import { loadAlfworldGame, parseAlfworldGame } from './alfworld-game.js';
import { findAlfworldGames, loadAlfworldSplit, resolveAlfworldSplitDir } from './alfworld-split.js';
import { alfworldTaskType } from './alfworld-task-type.js';
import { generateAlfworldGameFiles, writeAlfworldGameFiles } from './generate-games.js';
import { parsePddlProblem } from './pddl-problem.js';

const tmp = mkdtempSync(join(tmpdir(), 'memp-alfworld-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const [sample] = generateAlfworldGameFiles({ seed: 'loader', count: 1 });
const good = sample as NonNullable<typeof sample>;

function expectInvalid(fn: () => unknown, mentions: string): void {
  try {
    fn();
  } catch (error) {
    expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain(mentions);
    return;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('ALFWorld loader', () => {
  it('loads a game file, a split directory (recursively) and resolves ALFWORLD_DATA-style layouts', () => {
    const split = join(tmp, 'data', 'json_2.1.1', 'mine');
    const files = generateAlfworldGameFiles({ seed: 3, count: 6 });
    const paths = writeAlfworldGameFiles({ dir: split, files });
    const one = loadAlfworldGame({ path: paths[0] as string });
    expect(one.id).toBe(files[0]?.id);
    expect(one.path).toBe(paths[0]);
    expect(findAlfworldGames({ dir: split })).toHaveLength(6);
    const games = loadAlfworldSplit({ dir: split });
    expect(games.map((g) => g.id).sort()).toEqual(files.map((f) => f.id).sort());
    expect(resolveAlfworldSplitDir({ dataDir: join(tmp, 'data'), split: 'mine' })).toBe(split);
    expect(loadAlfworldSplit({ dataDir: join(tmp, 'data'), split: 'mine' })).toHaveLength(6);
  });

  it('reads the task sentence and the task type', () => {
    const game = parseAlfworldGame({ text: JSON.stringify(good.file), id: good.id });
    expect(game.task.length).toBeGreaterThan(5);
    expect(game.task.endsWith('.')).toBe(false);
    expect(game.taskType).toBe('pick_and_place_simple');
    expect(alfworldTaskType('x/pick_cool_then_place_in_recep-Apple-None-Fridge-1/trial_1/game.tw-pddl')).toBe(
      'pick_cool_then_place_in_recep',
    );
    expect(alfworldTaskType({ ...game, id: 'no-prefix' })).toBe('pick_and_place_simple');
    expect(() => alfworldTaskType('nowhere/game.tw-pddl')).toThrow();
  });

  it('refuses malformed or unsupported files with INVALID_ARGUMENT naming the file', () => {
    const src = 'bad/game.tw-pddl';
    const parse = (file: unknown): unknown =>
      parseAlfworldGame({ text: typeof file === 'string' ? file : JSON.stringify(file), id: 'x', source: src });
    expectInvalid(() => parse('{not json'), src);
    expectInvalid(() => parse({ ...good.file, pddl_problem: 42 }), 'pddl_problem');
    expectInvalid(() => parse({ ...good.file, pddl_domain: '(define (domain blocks))' }), 'alfred');
    expectInvalid(
      () => parse({ ...good.file, pddl_problem: good.file.pddl_problem.replace('(:goal', '(:goal (') }),
      src,
    );
    expectInvalid(
      () => parse({ ...good.file, pddl_problem: good.file.pddl_problem.replace(/\(:goal[\s\S]*$/, ')') }),
      ':goal',
    );
    expectInvalid(() => parse({ ...good.file, grammar: good.file.grammar.replace('Your task is to: ', '') }), 'task');
    expectInvalid(() => parse({ ...good.file, grammar: 'grammar :: """ {oops """;' }), 'grammar');
    const path = join(tmp, 'broken', 'game.tw-pddl');
    mkdirSync(join(tmp, 'broken'), { recursive: true });
    writeFileSync(path, '[]');
    expectInvalid(() => loadAlfworldGame({ path }), path);
    try {
      loadAlfworldGame({ path: join(tmp, 'missing.tw-pddl') });
      throw new Error('expected NOT_FOUND');
    } catch (error) {
      expect(isMempError(error, 'NOT_FOUND')).toBe(true);
    }
    expect(() => loadAlfworldSplit({ dir: join(tmp, 'nope') })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('parses PDDL problems: typed objects, init facts (numeric fluents skipped), goals with exists/or/not/forall', () => {
    const p = parsePddlProblem({
      source: 'p.pddl',
      text: `; comment
(define (problem t) (:domain alfred)
 (:objects a b - object r - receptacle agent1 - agent)
 (:init (inReceptacle a r) (= (total-cost) 0) (Opened r))
 (:goal (and (exists (?o - object, ?x - receptacle) (or (inReceptacle ?o ?x) (not (= ?o a)))) (forall (?y - object) (isClean ?y)))))`,
    });
    expect(p.objects).toEqual([
      { id: 'a', type: 'object' },
      { id: 'b', type: 'object' },
      { id: 'r', type: 'receptacle' },
      { id: 'agent1', type: 'agent' },
    ]);
    expect(p.init).toEqual([
      { predicate: 'inreceptacle', args: ['a', 'r'] },
      { predicate: 'opened', args: ['r'] },
    ]);
    expect(p.goal.kind).toBe('and');
    expectInvalid(() => parsePddlProblem({ source: 'q.pddl', text: '(define (problem t) (:init))' }), 'q.pddl');
  });
});
