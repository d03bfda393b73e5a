/** Builds one statement of several data-modifying CTEs, numbering the parameters as they are added. */
export class WriteStatement {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];
  /** The placeholder of a new parameter. */
  param(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
  /** Adds one data-modifying statement (INSERT / UPDATE / DELETE) as a CTE; returns the CTE's name. */
  add(sql: string): string {
    const name = `w${this.parts.length}`;
    this.parts.push(`${name} AS (${sql})`);
    return name;
  }
  /** The statement ending in `select` (default `SELECT 1`), or undefined when nothing was added. */
  text(select = 'SELECT 1'): string | undefined {
    return this.parts.length === 0 ? undefined : `WITH ${this.parts.join(',\n')}\n${select}`;
  }
}
