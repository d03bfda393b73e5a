/** What the Agent Skills specification allows as a skill name: lowercase letters, digits and single hyphens. */
export const SKILL_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest skill name the specification allows. */
export const MAX_SKILL_NAME_LENGTH = 64;

/** A 32-bit FNV-1a hash of `text` as 8 hex digits: stable across runs and platforms, for names and ids. */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The name a task's skill gets: the task in lowercase ASCII words joined by hyphens, cut at a word boundary to fit
 * `maxLength` (default 64), `procedure` when nothing is left. Deterministic: the same task always gives the same name.
 */
export function skillSlug(task: string, maxLength = MAX_SKILL_NAME_LENGTH): string {
  const words = task
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > maxLength) break;
    slug = next;
  }
  if (slug === '' && words[0]) slug = words[0].slice(0, maxLength);
  return slug === '' ? 'procedure' : slug;
}

/**
 * Unique names for skills, in the order given: each is {@link skillSlug} of its task; skills whose slugs collide
 * all get a hyphen and the {@link contentHash} of their `content` (and, for identical content, a counter), so a
 * name depends on the skill itself and not on what else is exported.
 */
export function assignSkillNames(skills: ReadonlyArray<{ task: string; content: string }>): string[] {
  const slugs = skills.map((s) => skillSlug(s.task));
  const counts = new Map<string, number>();
  for (const slug of slugs) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  const taken = new Set<string>();
  return skills.map((skill, i) => {
    const slug = slugs[i] as string;
    if (counts.get(slug) === 1) {
      taken.add(slug);
      return slug;
    }
    const hash = contentHash(skill.content);
    let name = `${skillSlug(skill.task, MAX_SKILL_NAME_LENGTH - hash.length - 1)}-${hash}`;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `${hash}-${n}`;
      name = `${skillSlug(skill.task, MAX_SKILL_NAME_LENGTH - suffix.length - 1)}-${suffix}`;
    }
    taken.add(name);
    return name;
  });
}
