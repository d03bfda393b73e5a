import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { MempError } from '../../core/errors.js';
import { type Clock, systemClock } from '../../core/clock.js';
import type { Memp } from '../../engine/create-memp.js';
import type { ImportResult } from '../../engine/import-memories.js';
import { type PlanSkillExportOptions, planSkillExport } from './plan-skill-export.js';
import { type SkillSource, skillImportLines } from './skill-import-lines.js';
import { SKILL_MANIFEST_FILE, type SkillManifest, SkillManifestSchema } from './skill-manifest.js';

/** Largest SKILL.md an import reads, in bytes (`PAYLOAD_TOO_LARGE` above it). */
export const MAX_SKILL_FILE_BYTES = 256 * 1024;

/** What a skills export changed in its directory, by skill name (each list sorted). */
export interface SkillExportReport {
  namespace: string;
  out: string;
  added: string[];
  updated: string[];
  /** memp's skills of this namespace whose memories are gone (deprecated, deleted or below `minSupport`). */
  removed: string[];
  unchanged: string[];
  /** Every skill now in the directory, with its evidence and token size. */
  skills: Array<{ name: string; support: number; tokens: SkillManifest['tokens'] }>;
}

/**
 * Exports a namespace as Agent Skills into `out` (one folder per skill: `SKILL.md` and `memp.json`), updating a
 * previous export in place: unchanged files are not rewritten, changed ones are replaced atomically, and memp's
 * skills of this namespace that are no longer planned are removed. A folder memp did not write (no `memp.json` of
 * this namespace) is never touched; a planned skill whose folder is such a folder fails with `CONFLICT`.
 */
export async function exportSkills(options: PlanSkillExportOptions & { out: string }): Promise<SkillExportReport> {
  const planned = await planSkillExport(options);
  const namespace = planned[0]?.manifest.namespace ?? options.namespace ?? '';
  mkdirSync(options.out, { recursive: true });
  const ours = existingSkills(options.out);
  const report: SkillExportReport = {
    namespace,
    out: options.out,
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    skills: [],
  };
  for (const skill of planned) {
    const dir = join(options.out, skill.name);
    const previous = ours.get(skill.name);
    if (previous === undefined && exists(dir)) {
      throw new MempError('CONFLICT', `${dir} exists and was not written by memp; move it or export elsewhere`, {
        details: { file: dir, field: 'out' },
      });
    }
    if (previous !== undefined && previous.namespace !== namespace && previous.namespace !== '') {
      throw new MempError('CONFLICT', `${dir} holds a skill of namespace "${previous.namespace}"`, {
        details: { file: dir, field: 'out' },
      });
    }
    const manifestText = `${JSON.stringify(skill.manifest, null, 2)}\n`;
    mkdirSync(dir, { recursive: true });
    const changedMd = writeIfChanged(join(dir, 'SKILL.md'), skill.skillMd);
    const changedJson = writeIfChanged(join(dir, SKILL_MANIFEST_FILE), manifestText);
    if (previous === undefined) report.added.push(skill.name);
    else if (changedMd || changedJson) report.updated.push(skill.name);
    else report.unchanged.push(skill.name);
    report.skills.push({ name: skill.name, support: skill.manifest.support, tokens: skill.manifest.tokens });
  }
  const kept = new Set(planned.map((s) => s.name));
  for (const [name, manifest] of ours) {
    if (kept.has(name) || manifest.namespace !== namespace) continue;
    const dir = join(options.out, name);
    for (const file of ['SKILL.md', SKILL_MANIFEST_FILE]) if (exists(join(dir, file))) unlinkSync(join(dir, file));
    if (readdirSync(dir).length === 0) rmdirSync(dir);
    report.removed.push(name);
  }
  report.removed.sort();
  return report;
}

/** What a skills import did. */
export interface SkillImportReport extends ImportResult {
  /** Names of the skills read (imported or, already present, skipped). */
  skills: string[];
}

/**
 * Imports Agent Skills as memories through the engine's import (see {@link skillImportLines}): `dir` is one skill
 * folder (holding `SKILL.md`) or a folder of them. Files are untrusted: a symbolic link is refused
 * (`INVALID_ARGUMENT`), a SKILL.md over {@link MAX_SKILL_FILE_BYTES} fails with `PAYLOAD_TOO_LARGE`, and the engine's
 * input limits apply to every memory. `memp.json` files are ignored: usage counters are never imported from a skill.
 */
export async function importSkills(options: {
  memp: Memp;
  dir: string;
  namespace?: string;
  clock?: Clock;
}): Promise<SkillImportReport> {
  const root = options.dir;
  const folders = exists(join(root, 'SKILL.md'))
    ? [root]
    : listDir(root)
        .filter((e) => e.isDirectory() && exists(join(root, e.name, 'SKILL.md')))
        .map((e) => join(root, e.name))
        .sort();
  const skills: SkillSource[] = folders.map((folder) => ({
    folder: basename(folder),
    source: join(folder, 'SKILL.md'),
    text: readSkillFile(join(folder, 'SKILL.md')),
  }));
  const namespace = options.namespace ?? (await options.memp.consolidate({ dryRun: true })).namespace;
  const at = (options.clock ?? systemClock).now();
  const { lines, names } = skillImportLines({ skills, namespace, at });
  const result = await options.memp.importFrom({ lines, namespace, onConflict: 'skip', source: root });
  return { ...result, skills: names };
}

function readSkillFile(file: string): string {
  const stat = lstatSync(file);
  if (!stat.isFile()) {
    throw new MempError('INVALID_ARGUMENT', `${file} is not a regular file (symbolic links are not followed)`, {
      details: { file, field: 'SKILL.md' },
    });
  }
  if (stat.size > MAX_SKILL_FILE_BYTES) {
    throw new MempError('PAYLOAD_TOO_LARGE', `${file} has ${stat.size} bytes, more than ${MAX_SKILL_FILE_BYTES}`, {
      details: { file, field: 'SKILL.md', size: stat.size, max: MAX_SKILL_FILE_BYTES },
    });
  }
  return readFileSync(file, 'utf8');
}

function listDir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new MempError('INVALID_ARGUMENT', `cannot read the skills folder ${dir}: ${(error as Error).message}`, {
      details: { file: dir },
    });
  }
}

/** memp's skills already in `out`: folders (not links) holding a valid `memp.json`, by name. */
function existingSkills(out: string): Map<string, SkillManifest> {
  const found = new Map<string, SkillManifest>();
  for (const entry of listDir(out)) {
    if (!entry.isDirectory()) continue;
    const file = join(out, entry.name, SKILL_MANIFEST_FILE);
    if (!exists(file) || !lstatSync(file).isFile()) continue;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const parsed = SkillManifestSchema.safeParse(value);
    if (parsed.success && parsed.data.name === entry.name) found.set(entry.name, parsed.data);
  }
  return found;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` to `file` atomically (temporary file, then rename) unless it already holds it. */
function writeIfChanged(file: string, text: string): boolean {
  if (exists(file)) {
    if (!lstatSync(file).isFile()) {
      throw new MempError('CONFLICT', `${file} is not a regular file`, { details: { file, field: 'out' } });
    }
    if (readFileSync(file, 'utf8') === text) return false;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
  return true;
}
