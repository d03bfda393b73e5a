import { MempError } from '../../core/errors.js';
import type { Memory } from '../../core/memory.js';
import { estimateTokens } from '../../core/render/estimate-tokens.js';
import type { Step } from '../../core/step.js';
import { stripInvisible } from '../../core/text/untrusted-text.js';
import type { Memp } from '../../engine/create-memp.js';
import { type SkillFamily, skillFamilies } from './skill-families.js';
import { SKILL_MANIFEST_VERSION, type SkillManifest } from './skill-manifest.js';
import { MAX_SKILL_DESCRIPTION_LENGTH, type SkillContent, oneLine, renderSkillMarkdown } from './skill-markdown.js';
import { assignSkillNames } from './skill-name.js';

/** Default cap of a skill's body, in estimated tokens (the specification recommends under 5 000). */
export const DEFAULT_SKILL_BODY_TOKENS = 1500;

/** Longest observation kept in a worked example, in characters. */
const MAX_EXAMPLE_OBSERVATION = 160;
/** Most steps in a worked example. */
const MAX_EXAMPLE_STEPS = 12;

/** Options of {@link planSkillExport}. */
export interface PlanSkillExportOptions {
  memp: Memp;
  /** Namespace to export (the engine's default when absent). */
  namespace?: string;
  /** Leave out families backed by fewer source trajectories. Default 1 (every family). */
  minSupport?: number;
  /** Cap of each body in estimated tokens: the worked example is shortened, then the procedure. Default 1500. */
  maxBodyTokens?: number;
}

/** One skill to write: its folder name, SKILL.md text and `memp.json`. */
export interface PlannedSkill {
  name: string;
  skillMd: string;
  manifest: SkillManifest;
}

/**
 * Plans an Agent Skills export of a namespace, without I/O: one skill per procedure family
 * ({@link skillFamilies}), named after its task ({@link assignSkillNames}), sorted by name. The same memories give the
 * same files, so a re-export can tell what changed. `INVALID_ARGUMENT` on a bad `minSupport` or `maxBodyTokens`.
 */
export async function planSkillExport(options: PlanSkillExportOptions): Promise<PlannedSkill[]> {
  const minSupport = positiveInt(options.minSupport ?? 1, 'minSupport');
  const maxBodyTokens = positiveInt(options.maxBodyTokens ?? DEFAULT_SKILL_BODY_TOKENS, 'maxBodyTokens');
  const grouped = await skillFamilies(options.memp, options.namespace);
  const namespace = grouped.namespace;
  const families = grouped.families.filter((f) => f.support >= minSupport);
  const contents = await Promise.all(families.map((f) => skillContent(options.memp, f, namespace, maxBodyTokens)));
  const names = assignSkillNames(contents.map((c) => ({ task: c.title, content: `${c.title}\n${c.procedure}` })));
  const planned = contents.map((content, i) => {
    const name = names[i] as string;
    const family = families[i] as SkillFamily;
    const skillMd = renderSkillMarkdown({ ...content, name });
    const body = skillMd.slice(skillMd.indexOf('\n---\n') + 5);
    return {
      name,
      skillMd,
      manifest: manifest(family, name, namespace, {
        metadata: estimateTokens(`${name}\n${content.description}`),
        body: estimateTokens(body),
      }),
    };
  });
  return planned.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function positiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field } });
  return value;
}

/** What memp recorded about a memory imported from a skill (`meta.skill`). */
function skillMeta(memory: Memory): { description?: string; pitfalls: string[] } {
  const skill = memory.meta?.skill;
  if (typeof skill !== 'object' || skill === null || Array.isArray(skill)) return { pitfalls: [] };
  const record = skill as Record<string, unknown>;
  const pitfalls = Array.isArray(record.pitfalls) ? record.pitfalls.filter((p) => typeof p === 'string') : [];
  return {
    ...(typeof record.description === 'string' ? { description: record.description } : {}),
    pitfalls: pitfalls as string[],
  };
}

async function skillContent(
  memp: Memp,
  family: SkillFamily,
  namespace: string,
  maxBodyTokens: number,
): Promise<Omit<SkillContent, 'name'>> {
  const rep = family.representative;
  const title = oneLine(stripInvisible(rep.task));
  const procedure = stripInvisible(
    rep.script ?? (rep.steps ?? []).map((s, i) => `${i + 1}. ${oneLine(s.action)}`).join('\n'),
  );
  const description = clip(
    oneLine(stripInvisible(skillMeta(rep).description ?? describe(family, title))),
    MAX_SKILL_DESCRIPTION_LENGTH,
  );
  const pitfalls = await familyPitfalls(memp, family, namespace);
  const example: Step[] = (rep.steps ?? []).slice(0, MAX_EXAMPLE_STEPS).map((s) => ({
    action: oneLine(stripInvisible(s.action)),
    ...(s.observation === undefined
      ? {}
      : { observation: clip(oneLine(stripInvisible(s.observation)), MAX_EXAMPLE_OBSERVATION) }),
  }));
  const content = { title, description, procedure, pitfalls, example };
  const size = () => estimateTokens(renderSkillMarkdown({ ...content, name: 'x' }));
  while (size() > maxBodyTokens && content.example.length > 0) content.example = content.example.slice(0, -1);
  if (size() > maxBodyTokens) {
    const spare = Math.max(0, size() - maxBodyTokens) * 4 + 16;
    content.procedure = `${content.procedure.slice(0, Math.max(0, content.procedure.length - spare))}\n… (cut to fit the skill's token cap)`;
  }
  return content;
}

function describe(family: SkillFamily, title: string): string {
  const others = [...new Set(family.members.map((m) => oneLine(m.task)))].filter((t) => t !== title).slice(0, 3);
  const also = others.length === 0 ? '' : ` It also served: ${others.map((t) => `"${clip(t, 120)}"`).join(', ')}.`;
  const runs = family.support === 1 ? '1 recorded run' : `${family.support} recorded runs`;
  return `Use when the task is to ${clip(title, 300)}, or a task like it: a step-by-step procedure memp learned from ${runs}.${also}`;
}

/** Pitfalls: those a skill brought in, the notes of adjustments after failures, and the family's failure count. */
async function familyPitfalls(memp: Memp, family: SkillFamily, namespace: string): Promise<string[]> {
  const pitfalls: string[] = [];
  let failed = 0;
  let retrieved = 0;
  for (const member of family.members) {
    pitfalls.push(...skillMeta(member).pitfalls);
    failed += member.stats.failed;
    retrieved += member.stats.retrieved;
    if (member.version === 1) continue;
    const { revisions } = await memp.show({ id: member.id, namespace });
    for (const r of revisions) if (r.reason === 'adjustment' && r.note) pitfalls.push(clip(r.note, 300));
  }
  if (failed > 0)
    pitfalls.push(`Failed in ${failed} of ${retrieved} recorded uses: check each step's result before the next.`);
  return [...new Set(pitfalls.map((p) => oneLine(stripInvisible(p))).filter((p) => p !== ''))];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function manifest(
  family: SkillFamily,
  name: string,
  namespace: string,
  tokens: SkillManifest['tokens'],
): SkillManifest {
  const sum = (k: 'retrieved' | 'succeeded' | 'failed') => family.members.reduce((n, m) => n + m.stats[k], 0);
  return {
    format: 'memp-skill',
    version: SKILL_MANIFEST_VERSION,
    name,
    namespace,
    support: family.support,
    evidence: { retrieved: sum('retrieved'), succeeded: sum('succeeded'), failed: sum('failed') },
    tokens,
    memories: family.members.map((m) => ({
      id: m.id,
      version: m.version,
      task: m.task,
      kind: m.kind,
      builtBy: m.provenance.builtBy,
      representative: m === family.representative,
      sources: m.provenance.from,
      stats: { retrieved: m.stats.retrieved, succeeded: m.stats.succeeded, failed: m.stats.failed },
    })),
  };
}
