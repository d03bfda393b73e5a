import { z } from 'zod';

/** A tool call read from a step's action. */
export interface ToolCall {
  /** The tool's name, e.g. `search`. */
  name: string;
  /** The arguments as text, exactly as written between the parentheses (or re-encoded JSON for a JSON action). */
  rawArgs: string;
  /** The arguments parsed as JSON, when they are JSON; undefined otherwise. */
  args?: unknown;
}

const TOOL_NAME = /^[A-Za-z_$][\w$.:-]*$/;

/** JSON actions: `{"tool": "search", "args": {...}}` and the usual spellings of the two fields. */
const JsonActionSchema = z.looseObject({
  tool: z.string().optional(),
  toolName: z.string().optional(),
  name: z.string().optional(),
  args: z.unknown().optional(),
  arguments: z.unknown().optional(),
  input: z.unknown().optional(),
  parameters: z.unknown().optional(),
});

/** Parses `text` as JSON; undefined when it is not JSON. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Reads an action as a tool call, the way tool-calling agents write them: `name({"json":"args"})`, `name(free
 * text)`, `name()`, or a JSON object `{"tool"|"toolName"|"name": "…", "args"|"arguments"|"input"|"parameters": …}`
 * (arguments given as a JSON string are decoded). Returns undefined for anything else (e.g. `go to desk 1`).
 */
export function parseToolCall(action: string): ToolCall | undefined {
  const text = action.trim();
  if (text.startsWith('{')) {
    const json = parseJson(text);
    const parsed = json === undefined ? undefined : JsonActionSchema.safeParse(json.value);
    if (parsed === undefined || !parsed.success) return undefined;
    const name = parsed.data.tool ?? parsed.data.toolName ?? parsed.data.name;
    if (name === undefined || !TOOL_NAME.test(name)) return undefined;
    let args = parsed.data.args ?? parsed.data.arguments ?? parsed.data.input ?? parsed.data.parameters;
    if (typeof args === 'string') args = parseJson(args)?.value ?? args;
    return args === undefined
      ? { name, rawArgs: '' }
      : { name, rawArgs: typeof args === 'string' ? args : JSON.stringify(args), args };
  }
  const open = text.indexOf('(');
  if (open <= 0 || !text.endsWith(')')) return undefined;
  const name = text.slice(0, open).trim();
  if (!TOOL_NAME.test(name)) return undefined;
  const rawArgs = text.slice(open + 1, -1).trim();
  const json = rawArgs === '' ? undefined : parseJson(rawArgs);
  return json === undefined ? { name, rawArgs } : { name, rawArgs, args: json.value };
}

/** JSON with object keys sorted, so equal values encode equally whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A comparison key of an action: for a tool call its name and its arguments (JSON with sorted keys, so
 * `f({"a":1,"b":2})` and `{"tool":"f","args":{"b":2,"a":1}}` are the same call); for other actions the text with
 * runs of spaces collapsed.
 */
export function actionKey(action: string): string {
  const call = parseToolCall(action);
  if (call === undefined) return action.trim().replace(/\s+/g, ' ');
  return `${call.name}(${call.args === undefined ? call.rawArgs : stableJson(call.args)})`;
}
