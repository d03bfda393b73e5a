import { MempError } from '../../core/errors.js';
import { MAX_MEMORY_KEYWORDS, type Memory } from '../../core/memory.js';
import { extractKeywords } from '../../core/text/keywords.js';
import { EXPORT_FORMAT_VERSION, type ExportHeader, type ExportMemoryLine } from '../../engine/export-format.js';
import { type ParsedSkill, parseSkillMarkdown } from './skill-markdown.js';
import { contentHash } from './skill-name.js';

/** `provenance.builtBy` and `meta.source` of a memory brought in from a SKILL.md. */
export const SKILL_PROVENANCE = 'agent-skill';

/** One SKILL.md to import: its text, and where it was (its folder name must be the skill's `name`). */
export interface SkillSource {
  /** The folder's name, checked against the frontmatter's `name` as the specification requires. */
  folder: string;
  /** Path or label for error messages. */
  source: string;
  text: string;
}

/**
 * Turns SKILL.md files into the lines of a memp export file, so they enter through the engine's import
 * (`importFrom`: one atomic change, every line held to the input limits, re-embedded with the engine's embedder).
 * Each skill becomes one memory: the title is its task, the procedure its script, the worked example its steps, and
 * `meta.skill` keeps the name, description and pitfalls; `provenance.builtBy` is `agent-skill` and `meta.source` says
 * the memory came from a skill file (untrusted: it has no usage evidence, so its counters start at zero and
 * deprecation judges it like any other). The id is derived from the content, so importing the same skill twice
 * imports it once. `INVALID_ARGUMENT` names the file and field of a malformed skill.
 */
export function skillImportLines(options: { skills: readonly SkillSource[]; namespace: string; at: string }): {
  lines: string[];
  names: string[];
} {
  const memories = new Map<string, Memory>();
  const names: string[] = [];
  for (const file of options.skills) {
    const skill = parseSkillMarkdown(file.text, file.source);
    if (skill.name !== file.folder) {
      throw new MempError('INVALID_ARGUMENT', `${file.source}: field "name" must match its folder "${file.folder}"`, {
        details: { file: file.source, field: 'name' },
      });
    }
    const memory = skillMemory(skill, file.source, options.namespace, options.at);
    memories.set(memory.id, memory);
    names.push(skill.name);
  }
  const header: ExportHeader = {
    format: 'memp-export',
    version: EXPORT_FORMAT_VERSION,
    namespace: options.namespace,
    exportedAt: options.at,
    space: null,
    memories: memories.size,
    trajectories: 0,
  };
  const lines = [JSON.stringify(header)];
  for (const memory of memories.values()) {
    const line: ExportMemoryLine = { type: 'memory', memory, revisions: [] };
    lines.push(JSON.stringify(line));
  }
  return { lines, names };
}

function skillMemory(skill: ParsedSkill, source: string, namespace: string, at: string): Memory {
  const hasSteps = skill.example.length > 0;
  const hasScript = skill.procedure !== '';
  if (!hasSteps && !hasScript) {
    throw new MempError('INVALID_ARGUMENT', `${source}: the skill has no procedure (its body is empty)`, {
      details: { file: source, field: 'body' },
    });
  }
  const content = { task: skill.title, script: skill.procedure, steps: skill.example, name: skill.name };
  return {
    id: `mem_skill_${contentHash(JSON.stringify(content))}${contentHash(JSON.stringify([skill.description, skill.pitfalls]))}`,
    namespace,
    task: skill.title,
    keywords: extractKeywords(skill.title, { max: MAX_MEMORY_KEYWORDS }),
    kind: hasSteps ? (hasScript ? 'proceduralization' : 'trajectory') : 'script',
    ...(hasSteps ? { steps: skill.example } : {}),
    ...(hasScript ? { script: skill.procedure } : {}),
    meta: {
      source: SKILL_PROVENANCE,
      skill: { name: skill.name, description: skill.description, pitfalls: skill.pitfalls },
    },
    status: 'active',
    stats: { retrieved: 0, succeeded: 0, failed: 0 },
    provenance: { builtBy: SKILL_PROVENANCE, from: [], embedder: SKILL_PROVENANCE },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
