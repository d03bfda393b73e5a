/**
 * Raised where the official evaluator's Python would raise (a missing key, `None` where text is needed, a flight
 * string without `Flight Number: `). The official script then stops altogether; memp records the crash on the
 * constraint being checked, counts that constraint as failed, and lists the crash in the summary.
 */
export class OfficialCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfficialCrash';
  }
}

/** Python truthiness of a JSON value: `''`, `null`, `0`, `false`, `[]`, `{}` are false. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** `value` as text, or an {@link OfficialCrash} where Python would raise a TypeError using it as a string. */
export function pyText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new OfficialCrash(`${what} is ${value === undefined ? 'missing' : JSON.stringify(value)}, not text`);
}

/** `unit[key]`, or an {@link OfficialCrash} (Python's KeyError) when the key is absent. */
export function pyKey(unit: Record<string, unknown>, key: string, day: number): unknown {
  if (!Object.hasOwn(unit, key)) throw new OfficialCrash(`day ${day} has no "${key}" key`);
  return unit[key];
}
