import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createMemp } from '../../composition/create-memp.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { exportSkills, importSkills, MAX_SKILL_FILE_BYTES } from './skill-directory.js';
import { SKILL_NAME_PATTERN } from './skill-name.js';

const SKILLS_REF = fileURLToPath(new URL('../../../../../node_modules/.bin/skills-ref', import.meta.url));
const DEMO = fileURLToPath(new URL('../../../examples/demo-trajectories.jsonl', import.meta.url));

function engine() {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(7),
    grammar: {
      failure: [/^\s*nothing happens\.?\s*$/i],
      navigation: /^go to\s+/i,
      inspection: /^(?:look|inventory|examine\b.*)$/i,
      open: /^open\s+(.+)$/i,
      close: /^close\s+(.+)$/i,
      abstractInstances: true,
    },
  });
}

async function learnDemo(memp: ReturnType<typeof engine>, namespace?: string) {
  const lines = readFileSync(DEMO, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  await memp.learnBatch({
    items: lines.map((l) => ({ trajectory: JSON.parse(l) as unknown })),
    ...(namespace ? { namespace } : {}),
  });
}

/** Tool-calling episodes (as the AI SDK integration records them): JSON tool calls as actions. */
async function learnTools(memp: ReturnType<typeof engine>, namespace: string) {
  // the same procedure learned three times (three runs of one kind of task)
  const refund = (order: string) => ({
    id: `run-${order}`,
    task: 'refund the order of a damaged item',
    outcome: { success: true },
    steps: [
      { action: `lookup_order({"id":"A17"})`, observation: `{"id":"A17","status":"delivered","total":42}` },
      { action: `check_policy({"reason":"damaged"})`, observation: '{"refundable":true}' },
      { action: `issue_refund({"id":"A17","amount":42})`, observation: '{"ok":true}' },
    ],
  });
  const reset = {
    task: 'reset the password of customer C9',
    outcome: { success: true },
    steps: [
      { action: 'find_customer({"id":"C9"})', observation: '{"email":"c9@example.com"}' },
      { action: 'send_reset_link({"email":"c9@example.com"})', observation: '{"sent":true}' },
    ],
  };
  await memp.learnBatch({
    namespace,
    items: [refund('1'), refund('2'), refund('3'), reset].map((trajectory) => ({ trajectory })),
  });
}

function validate(dir: string): { ok: number; failed: string[] } {
  const failed: string[] = [];
  let ok = 0;
  for (const name of readdirSync(dir)) {
    const r = spawnSync(SKILLS_REF, ['validate', join(dir, name)], { encoding: 'utf8' });
    if (r.status === 0) ok += 1;
    else failed.push(`${name}: ${r.stdout}${r.stderr}`);
  }
  return { ok, failed };
}

function skillTexts(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n, 'SKILL.md'), 'utf8')]));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isMempError(error) ? error.code : 'not a MempError';
  }
  return undefined;
}

describe('Agent Skills export', () => {
  it('exports a learned ALFWorld-like namespace as skills the reference validator accepts', async () => {
    const memp = engine();
    await learnDemo(memp);
    const out = mkdtempSync(join(tmpdir(), 'memp-skills-'));
    const report = await exportSkills({ memp, out, maxBodyTokens: 400 });
    expect(report.added.length).toBeGreaterThan(0);
    for (const s of report.skills) {
      expect(s.name).toMatch(SKILL_NAME_PATTERN);
      expect(s.name.length).toBeLessThanOrEqual(64);
      expect(s.tokens.body).toBeLessThanOrEqual(400);
      const manifest = JSON.parse(readFileSync(join(out, s.name, 'memp.json'), 'utf8'));
      expect(manifest.memories[0]).toMatchObject({ version: 1, stats: { retrieved: 0, succeeded: 0, failed: 0 } });
    }
    expect(validate(out)).toEqual({ ok: report.skills.length, failed: [] });
  });

  it('exports a tool-calling namespace the validator accepts, one skill per family', async () => {
    const memp = engine();
    await learnTools(memp, 'tools');
    const out = mkdtempSync(join(tmpdir(), 'memp-skills-'));
    const report = await exportSkills({ memp, out, namespace: 'tools' });
    // the three refunds say the same thing: one family of support 3, plus the password reset
    expect(report.skills.map((s) => s.support).sort()).toEqual([1, 3]);
    expect(validate(out)).toEqual({ ok: 2, failed: [] });
    const min = await exportSkills({
      memp,
      out: mkdtempSync(join(tmpdir(), 'memp-skills-')),
      namespace: 'tools',
      minSupport: 2,
    });
    expect(min.skills.map((s) => s.support)).toEqual([3]);
    expect(await codeOf(exportSkills({ memp, out, namespace: 'tools', minSupport: 0 }))).toBe('INVALID_ARGUMENT');
  });

  it('re-exports in place: unchanged, then a deprecated memory removes its skill', async () => {
    const memp = engine();
    await learnDemo(memp);
    const out = mkdtempSync(join(tmpdir(), 'memp-skills-'));
    const first = await exportSkills({ memp, out });
    const again = await exportSkills({ memp, out });
    expect(again).toMatchObject({ added: [], updated: [], removed: [] });
    expect(again.unchanged).toEqual(first.added);
    const [gone] = await memp.list({ limit: 1 });
    await memp.deprecate({ id: gone?.id as string });
    const after = await exportSkills({ memp, out });
    expect(after.removed).toHaveLength(1);
    expect(after.unchanged).toHaveLength(first.added.length - 1);
    expect(existsSync(join(out, after.removed[0] as string))).toBe(false);
  });

  it('never overwrites a folder memp did not write (CONFLICT)', async () => {
    const memp = engine();
    await learnDemo(memp);
    const out = mkdtempSync(join(tmpdir(), 'memp-skills-'));
    mkdirSync(join(out, 'put-a-clean-apple-in-fridge'));
    writeFileSync(join(out, 'put-a-clean-apple-in-fridge', 'SKILL.md'), 'mine');
    expect(await codeOf(exportSkills({ memp, out }))).toBe('CONFLICT');
    expect(readFileSync(join(out, 'put-a-clean-apple-in-fridge', 'SKILL.md'), 'utf8')).toBe('mine');
  });
});

describe('Agent Skills import', () => {
  it('round trip export → import → export gives the same SKILL.md files; importing again adds nothing', async () => {
    const memp = engine();
    await learnDemo(memp);
    await learnTools(memp, 'tools');
    for (const namespace of ['default', 'tools']) {
      const a = mkdtempSync(join(tmpdir(), 'memp-skills-'));
      const b = mkdtempSync(join(tmpdir(), 'memp-skills-'));
      const exported = await exportSkills({ memp, out: a, namespace });
      const imported = await importSkills({ memp, dir: a, namespace: `${namespace}-back` });
      expect(imported.imported).toBe(exported.skills.length);
      await exportSkills({ memp, out: b, namespace: `${namespace}-back` });
      expect(skillTexts(b)).toEqual(skillTexts(a));
      expect(await importSkills({ memp, dir: a, namespace: `${namespace}-back` })).toMatchObject({ imported: 0 });
    }
    const [memory] = await memp.list({ namespace: 'tools-back', limit: 1 });
    expect(memory?.provenance.builtBy).toBe('agent-skill');
    expect(memory?.meta?.source).toBe('agent-skill');
    expect(memory?.stats).toMatchObject({ retrieved: 0, succeeded: 0, failed: 0 });
  });

  it('imports a hand-written skill (plain YAML, free-form body) as a retrievable memory', async () => {
    const memp = engine();
    const dir = join(mkdtempSync(join(tmpdir(), 'memp-skills-')), 'rotate-logs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'SKILL.md'),
      '---\nname: rotate-logs\ndescription: >\n  Rotate and compress the application logs\n  when the disk fills up.\nmetadata:\n  author: ops\n---\nRun logrotate -f, then check df -h.\n',
    );
    expect(await importSkills({ memp, dir })).toMatchObject({ imported: 1, skills: ['rotate-logs'] });
    const [hit] = await memp.retrieve({ task: 'rotate and compress the logs, the disk is full' });
    expect(hit?.memory.script).toBe('Run logrotate -f, then check df -h.');
  });

  it('treats skill files as untrusted: bad name, name not its folder, oversized, symlink, no body', async () => {
    const memp = engine();
    const root = mkdtempSync(join(tmpdir(), 'memp-skills-'));
    const skill = (folder: string, text: string) => {
      const dir = join(root, folder);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'SKILL.md'), text);
      return dir;
    };
    const ok = (name: string, body = 'Do it.') => `---\nname: ${name}\ndescription: "when x"\n---\n${body}\n`;
    expect(await codeOf(importSkills({ memp, dir: skill('Bad_Name', ok('Bad_Name')) }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(importSkills({ memp, dir: skill('other', ok('not-other')) }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(importSkills({ memp, dir: skill('empty', ok('empty', '')) }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(importSkills({ memp, dir: skill('nofm', 'name: nofm\n') }))).toBe('INVALID_ARGUMENT');
    const big = skill('big', ok('big', 'x'.repeat(MAX_SKILL_FILE_BYTES)));
    expect(await codeOf(importSkills({ memp, dir: big }))).toBe('PAYLOAD_TOO_LARGE');
    const target = skill('target', ok('linked'));
    const linked = join(root, 'linked');
    mkdirSync(linked);
    symlinkSync(join(target, 'SKILL.md'), join(linked, 'SKILL.md'));
    expect(await codeOf(importSkills({ memp, dir: linked }))).toBe('INVALID_ARGUMENT');
    // the engine's input limits apply: a title over maxTaskBytes
    const long = skill('long', ok('long', `# ${'t'.repeat(9000)}\n\n## Procedure\n\n1. x`));
    expect(await codeOf(importSkills({ memp, dir: long }))).toBe('PAYLOAD_TOO_LARGE');
    expect((await memp.stats()).memories).toBe(0);
  });
});
