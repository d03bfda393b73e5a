/**
 * Abstracts instance details out of an action: `take apple 1 from countertop 2` becomes
 * `take the apple from the countertop`. A name followed by an instance number becomes `the <name>`.
 */
export function abstractAction(action: string): string {
  return action
    .trim()
    .replace(/\b(?:a|an|the)\s+(?=[a-z][\w-]*\s+\d+\b)/gi, '')
    .replace(/\b([a-z][\w-]*)\s+\d+\b/gi, 'the $1')
    .replace(/\s+/g, ' ');
}
