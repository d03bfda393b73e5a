import type { Step } from '../../core/step.js';
import { SKILL_NAME_PATTERN, MAX_SKILL_NAME_LENGTH } from './skill-name.js';
import { parseSkillFrontmatter, yamlString } from './skill-frontmatter.js';
import { MempError } from '../../core/errors.js';

/** Longest `description` the Agent Skills specification allows. */
export const MAX_SKILL_DESCRIPTION_LENGTH = 1024;

/** What a SKILL.md written by memp says: its metadata, then the body an agent loads on demand. */
export interface SkillContent {
  /** The skill's name (its folder's name too). */
  name: string;
  /** When to use the skill: what an agent reads before deciding to load the body. One line. */
  description: string;
  /** The task the procedure is for (the body's title). One line. */
  title: string;
  /** The procedure, as the memory's script (or its steps' actions). */
  procedure: string;
  /** Known pitfalls, one line each. */
  pitfalls: string[];
  /** A short worked example: the steps of one successful run, one line each. */
  example: Step[];
}

const HEADINGS = { procedure: '## Procedure', pitfalls: '## Known pitfalls', example: '## Worked example' } as const;

/** Collapses whitespace (line breaks included) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Writes a SKILL.md: frontmatter (`name`, `description`), then `# title`, `## Procedure`, `## Known pitfalls` and
 * `## Worked example` (empty sections left out). A procedure line starting with `#` is escaped with a backslash so it
 * cannot open a section; {@link parseSkillMarkdown} reverses it.
 */
export function renderSkillMarkdown(skill: SkillContent): string {
  const out = [
    '---',
    `name: ${skill.name}`,
    `description: ${yamlString(skill.description)}`,
    '---',
    '',
    `# ${skill.title}`,
  ];
  if (skill.procedure.trim() !== '') {
    const procedure = skill.procedure
      .split('\n')
      .map((l) => (/^\\*#/.test(l) ? `\\${l}` : l))
      .join('\n');
    out.push('', HEADINGS.procedure, '', procedure.trim());
  }
  if (skill.pitfalls.length > 0) out.push('', HEADINGS.pitfalls, '', ...skill.pitfalls.map((p) => `- ${oneLine(p)}`));
  if (skill.example.length > 0) {
    out.push('', HEADINGS.example, '');
    skill.example.forEach((step, i) => {
      out.push(`${i + 1}. ${oneLine(step.action)}`);
      if (step.observation !== undefined && oneLine(step.observation) !== '')
        out.push(`   → ${oneLine(step.observation)}`);
    });
  }
  return `${out.join('\n')}\n`;
}

/** A parsed SKILL.md: memp's sections when it has them (`structured`), else the whole body as the procedure. */
export interface ParsedSkill extends SkillContent {
  /** True when the body has memp's layout (a title and a `## Procedure` section). */
  structured: boolean;
}

/**
 * Reads a SKILL.md (memp's or any other), checking `name` and `description` as the specification does
 * (`INVALID_ARGUMENT` naming `source` and the field). A body without memp's layout becomes the procedure, titled by
 * the description.
 */
export function parseSkillMarkdown(text: string, source: string): ParsedSkill {
  const { fields, body } = parseSkillFrontmatter(text, source);
  const name = fields.name ?? '';
  const description = oneLine(fields.description ?? '');
  if (name.length > MAX_SKILL_NAME_LENGTH || !SKILL_NAME_PATTERN.test(name)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${source}: field "name" must be 1-64 lowercase letters, digits and hyphens`,
      {
        details: { file: source, field: 'name' },
      },
    );
  }
  if (description === '' || description.length > MAX_SKILL_DESCRIPTION_LENGTH) {
    throw new MempError('INVALID_ARGUMENT', `${source}: field "description" must hold 1-1024 characters`, {
      details: { file: source, field: 'description' },
    });
  }
  const lines = body.split('\n').map((l) => l.replace(/\r$/, ''));
  const titleAt = lines.findIndex((l) => l.trim() !== '');
  const title =
    titleAt >= 0 && /^# \S/.test(lines[titleAt] as string) ? oneLine((lines[titleAt] as string).slice(2)) : '';
  const sections = splitSections(lines.slice(titleAt + 1));
  if (title === '' || sections.procedure === undefined) {
    return {
      name,
      description,
      title: description,
      procedure: body.trim(),
      pitfalls: [],
      example: [],
      structured: false,
    };
  }
  return {
    name,
    description,
    title,
    procedure: sections.procedure
      .map((l) => (/^\\+#/.test(l) ? l.slice(1) : l))
      .join('\n')
      .trim(),
    pitfalls: (sections.pitfalls ?? []).filter((l) => l.startsWith('- ')).map((l) => oneLine(l.slice(2))),
    example: parseExample(sections.example ?? []),
    structured: true,
  };
}

function splitSections(lines: string[]): Partial<Record<keyof typeof HEADINGS, string[]>> {
  const sections: Partial<Record<keyof typeof HEADINGS, string[]>> = {};
  let current: string[] | undefined;
  for (const line of lines) {
    const key = (Object.keys(HEADINGS) as Array<keyof typeof HEADINGS>).find((k) => line.trimEnd() === HEADINGS[k]);
    if (key && sections[key] === undefined) {
      current = [];
      sections[key] = current;
      continue;
    }
    current?.push(line);
  }
  return sections;
}

function parseExample(lines: string[]): Step[] {
  const steps: Step[] = [];
  for (const line of lines) {
    const action = /^\d+\. (.+)$/.exec(line);
    if (action) {
      steps.push({ action: oneLine(action[1] as string) });
      continue;
    }
    const observation = /^ {3}→ (.+)$/.exec(line);
    const last = steps[steps.length - 1];
    if (observation && last && last.observation === undefined) last.observation = oneLine(observation[1] as string);
  }
  return steps.filter((s) => s.action !== '');
}
