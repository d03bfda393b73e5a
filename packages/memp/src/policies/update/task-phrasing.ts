/**
 * Whether two task sentences are phrased alike apart from the things they name (`put a hot mug in cabinet` and
 * `put a hot apple in fridge`: yes; `put a clean mug in cabinet` and `put a mug in cabinet`: no). The names are
 * read from the procedures themselves — every `<word> <number>` instance name of concrete actions and every
 * `the <word>` of abstract ones — so this knows no vocabulary of any environment.
 */
export function samePhrasing(a: string, b: string, procedureTexts: readonly string[]): boolean {
  const names = namesIn(procedureTexts);
  return skeleton(a, names) === skeleton(b, names);
}

/** The types named in procedure texts (concrete `apple 1` or abstract `the apple`). */
export function namesIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const m of text.toLowerCase().matchAll(/\b([a-z][a-z-]*)\s+\d+\b/g)) names.add(m[1] as string);
    for (const m of text.toLowerCase().matchAll(/\bthe\s+([a-z][a-z-]*)/g)) names.add(m[1] as string);
  }
  return names;
}

function skeleton(task: string, names: ReadonlySet<string>): string {
  return words(task)
    .filter((w) => !names.has(w))
    .join(' ');
}

/**
 * For two tasks phrased alike ({@link samePhrasing}), the names of `from` mapped in order onto those of `to`
 * (`put a hot apple in fridge` → `put a hot mug in cabinet`: apple→mug, fridge→cabinet); undefined otherwise.
 */
export function nameMapping(
  from: string,
  to: string,
  procedureTexts: readonly string[],
): Map<string, string> | undefined {
  const names = namesIn(procedureTexts);
  if (skeleton(from, names) !== skeleton(to, names)) return undefined;
  const list = (task: string) => [...new Set(words(task).filter((w) => names.has(w)))];
  const a = list(from);
  const b = list(to);
  if (a.length !== b.length) return undefined;
  return new Map(a.map((w, i) => [w, b[i] as string]));
}

/** `text` with every whole word renamed through `map`. */
export function renameWords(text: string, map: ReadonlyMap<string, string>): string {
  return text.replace(/[a-z][a-z-]*/gi, (w) => map.get(w.toLowerCase()) ?? w);
}

function words(task: string): string[] {
  return task
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}
