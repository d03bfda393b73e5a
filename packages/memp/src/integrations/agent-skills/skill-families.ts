import type { Memory } from '../../core/memory.js';
import type { Memp } from '../../engine/create-memp.js';

/** One procedure family: memories that say the same thing, the representative first. */
export interface SkillFamily {
  /** The memory whose procedure the skill shows: the consolidation survivor (the shortest procedure). */
  representative: Memory;
  /** Every member, the representative first, then in creation order. */
  members: Memory[];
  /** Distinct source trajectories of the members; a member without recorded sources counts as one. */
  support: number;
}

const PAGE = 500;

/** Every active memory of `namespace`, in creation order. */
export async function listActiveMemories(memp: Memp, namespace: string | undefined): Promise<Memory[]> {
  const all: Memory[] = [];
  for (let after: string | undefined; ; ) {
    const page = await memp.list({
      status: 'active',
      limit: PAGE,
      ...(namespace === undefined ? {} : { namespace }),
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1]?.id;
  }
}

/**
 * Groups a namespace's active memories into procedure families by the engine's consolidation rule, without
 * changing anything (`consolidate({ dryRun: true })`): each cluster is one family led by its survivor, and every
 * memory in no cluster is a family of its own. Where consolidation on learn is enabled the families are mostly
 * single memories already merged.
 */
export async function skillFamilies(
  memp: Memp,
  namespace: string | undefined,
): Promise<{ namespace: string; families: SkillFamily[] }> {
  const active = await listActiveMemories(memp, namespace);
  const byId = new Map(active.map((m) => [m.id, m]));
  const report = await memp.consolidate({ dryRun: true, ...(namespace === undefined ? {} : { namespace }) });
  const grouped = new Set<string>();
  const families: SkillFamily[] = [];
  for (const cluster of report.clusters) {
    const ids = [cluster.survivor, ...cluster.absorbed];
    const members = ids.map((id) => byId.get(id)).filter((m): m is Memory => m !== undefined);
    if (members.length === 0) continue;
    for (const m of members) grouped.add(m.id);
    families.push(family(members));
  }
  for (const memory of active) if (!grouped.has(memory.id)) families.push(family([memory]));
  return { namespace: report.namespace, families };
}

function family(members: Memory[]): SkillFamily {
  const sources = new Set<string>();
  let unsourced = 0;
  for (const m of members) {
    if (m.provenance.from.length === 0) unsourced += 1;
    for (const id of m.provenance.from) sources.add(id);
  }
  return { representative: members[0] as Memory, members, support: sources.size + unsourced };
}
