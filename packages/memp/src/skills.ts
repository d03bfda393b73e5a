/**
 * `memp/skills`: procedures as Agent Skills (a folder per skill with a `SKILL.md`), exported from a namespace and
 * imported back as memories. Reads and writes files; the planning and parsing it builds on need no I/O.
 */
export {
  exportSkills,
  importSkills,
  MAX_SKILL_FILE_BYTES,
  type SkillExportReport,
  type SkillImportReport,
} from './integrations/agent-skills/skill-directory.js';
export {
  DEFAULT_SKILL_BODY_TOKENS,
  planSkillExport,
  type PlanSkillExportOptions,
  type PlannedSkill,
} from './integrations/agent-skills/plan-skill-export.js';
export {
  SKILL_MANIFEST_FILE,
  SKILL_MANIFEST_VERSION,
  SkillManifestSchema,
  type SkillManifest,
} from './integrations/agent-skills/skill-manifest.js';
export {
  parseSkillMarkdown,
  renderSkillMarkdown,
  type ParsedSkill,
  type SkillContent,
} from './integrations/agent-skills/skill-markdown.js';
export {
  SKILL_PROVENANCE,
  skillImportLines,
  type SkillSource,
} from './integrations/agent-skills/skill-import-lines.js';
export { skillSlug, SKILL_NAME_PATTERN } from './integrations/agent-skills/skill-name.js';
