import { z } from 'zod';

/** Version of the `memp.json` file memp writes beside each exported SKILL.md. */
export const SKILL_MANIFEST_VERSION = 1;

/** Name of the machine-readable file beside each exported SKILL.md. */
export const SKILL_MANIFEST_FILE = 'memp.json';

const CountsSchema = z.strictObject({
  retrieved: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

/**
 * `memp.json`: which memories (ids and versions) a skill was exported from and the evidence behind it (usage
 * counters, source trajectories), plus the token size of its metadata and body. Re-export reads it to know which
 * folders of the output directory are memp's.
 */
export const SkillManifestSchema = z.strictObject({
  format: z.literal('memp-skill'),
  version: z.literal(SKILL_MANIFEST_VERSION),
  name: z.string(),
  namespace: z.string(),
  /** Distinct source trajectories of the family (a memory without recorded sources counts as one). */
  support: z.number().int().nonnegative(),
  /** The family's usage counters, summed. */
  evidence: CountsSchema,
  /** Estimated tokens (about four characters each) of the metadata (name + description) and of the body. */
  tokens: z.strictObject({ metadata: z.number().int().nonnegative(), body: z.number().int().nonnegative() }),
  memories: z.array(
    z.strictObject({
      id: z.string(),
      version: z.number().int().positive(),
      task: z.string(),
      kind: z.string(),
      builtBy: z.string(),
      /** The member the skill's procedure is taken from. */
      representative: z.boolean(),
      sources: z.array(z.string()),
      stats: CountsSchema,
    }),
  ),
});
/** The `memp.json` beside an exported skill. */
export type SkillManifest = z.infer<typeof SkillManifestSchema>;
