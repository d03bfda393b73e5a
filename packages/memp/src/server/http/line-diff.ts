/** One line of a diff: kept, removed (only in the old text) or added (only in the new one). */
export interface DiffLine {
  op: 'same' | 'del' | 'add';
  text: string;
}

/** Above this many cells (old lines × new lines) the diff gives up on alignment and replaces the whole text. */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of `before` and `after` (longest common subsequence): the lines of both texts in order, each marked
 * kept, removed or added. Texts too large to align (see `MAX_CELLS`) come back as all removed then all added.
 */
export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  // Trim the common head and tail first: edits are usually local.
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const out: DiffLine[] = before.slice(0, head).map((text) => ({ op: 'same', text }));
  if (a.length * b.length > MAX_CELLS) {
    out.push(...a.map((text) => ({ op: 'del' as const, text })), ...b.map((text) => ({ op: 'add' as const, text })));
  } else {
    // lcs[i][j] = length of the LCS of a[i..] and b[j..], stored row-major in one array.
    const w = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * w);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * w + j] =
          a[i] === b[j]
            ? (lcs[(i + 1) * w + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        out.push({ op: 'same', text: a[i] as string });
        i++;
        j++;
      } else if ((lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))
        out.push({ op: 'del', text: a[i++] as string });
      else out.push({ op: 'add', text: b[j++] as string });
    }
    while (i < a.length) out.push({ op: 'del', text: a[i++] as string });
    while (j < b.length) out.push({ op: 'add', text: b[j++] as string });
  }
  out.push(...before.slice(before.length - tail).map((text) => ({ op: 'same' as const, text })));
  return out;
}
