import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by process `pid` alone (`own`), by it and every live descendant
 * (`tree`: a `memp serve --workers N` primary and its workers), and by its children that exited and were waited
 * for (`reaped`: a PostgreSQL postmaster's ended backends and autovacuum workers), read from `/proc`. Undefined where
 * `/proc` is not available (not Linux) or `pid` is gone.
 */
export function processTreeCpu(pid: number): { tree: number; own: number; reaped: number } | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const parentOf = new Map<number, number>();
  const ticksOf = new Map<number, number>();
  let reaped = 0;
  for (const entry of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name (field 2) is in parentheses and may hold spaces: the fields after its last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parentOf.set(Number(entry), Number(fields[1]));
    ticksOf.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    if (Number(entry) === pid) reaped = Number(fields[13]) + Number(fields[14]);
  }
  const own = ticksOf.get(pid);
  if (own === undefined) return undefined;
  let ticks = 0;
  for (const [p, t] of ticksOf) {
    let q: number | undefined = p;
    while (q !== undefined && q !== pid && q > 1) q = parentOf.get(q);
    if (q === pid) ticks += t;
  }
  return { tree: ticks / TICKS_PER_SECOND, own: own / TICKS_PER_SECOND, reaped: reaped / TICKS_PER_SECOND };
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The parent of process `pid` and the parent's command name, from `/proc`; undefined when `pid` is not found. */
export function parentProcess(pid: number): { pid: number; name: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { pid: parent, name: readFileSync(`/proc/${parent}/comm`, 'utf8').trim() };
  } catch {
    return undefined;
  }
}
