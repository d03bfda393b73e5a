/**
 * The example's "model": a scripted AI SDK model (memp's testing model) that decides every turn from the prompt it
 * receives, the way an LLM does — it reads the task sentence, the tool list, the tool results so far and, when the
 * prompt carries one, the procedural-memory block. No knowledge of the desk's procedure is built in:
 * - with memory, it follows the tool order of the recalled worked example (the calls that did not fail), filling
 *   in the arguments of the current order; if a remembered step fails, it falls back to exploring;
 * - without, it explores: it starts with the tool named after the task's verb and, whenever a tool refuses, calls
 *   the tool the error message names, then retries.
 */
import { z } from 'zod';
import { MEMORY_CLOSE_TAG, MEMORY_OPEN_TAG, MEMP_GUIDELINES_LEAD } from '../../src/internal.js';
import {
  createScriptedLanguageModel,
  type ScriptedCall,
  type ScriptedTurn,
} from '../../src/testing/scripted-language-model.js';

/** What the model made of one call, for the example's report. */
export interface ClerkTurn {
  mode: 'memory' | 'explore' | 'answer';
}

const GuidanceSchema = z.array(z.object({ task_name: z.string(), guidelines: z.string() }));

/** A clerk model allowed `maxCalls` model calls (the scripted model throws past that). */
export function createClerkModel(options: { maxCalls?: number; onTurn?: (turn: ClerkTurn) => void } = {}) {
  const reply = (call: ScriptedCall): ScriptedTurn => {
    const turn = decide(call);
    options.onTurn?.({ mode: turn.mode });
    return turn.reply;
  };
  return createScriptedLanguageModel({
    modelId: 'clerk',
    replies: Array.from({ length: options.maxCalls ?? 20 }, () => reply),
  });
}

interface Done {
  tool: string;
  ok: boolean;
  text: string;
}

function decide(call: ScriptedCall): { mode: ClerkTurn['mode']; reply: ScriptedTurn } {
  const userTexts = call.prompt.flatMap((m) =>
    m.role === 'user' ? m.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])) : [],
  );
  const task = /Ship order (\S+): (\d+) x (.+) to (\w+)\./.exec(userTexts[0] ?? '');
  if (!task) return { mode: 'answer', reply: 'I can only ship orders.' };
  const tools = new Map<string, string[]>();
  for (const t of call.tools ?? [])
    if (t.type === 'function') tools.set(t.name, Object.keys(t.inputSchema.properties ?? {}));
  const history = readHistory(call);
  const shipped = history.find((d) => d.ok && d.tool.startsWith('ship'));
  if (shipped) return { mode: 'answer', reply: `Done: ${shipped.text}.` };

  const bin = [...history]
    .reverse()
    .find((d) => d.ok && /in bin (\w+)/.test(d.text))
    ?.text.match(/in bin (\w+)/)?.[1];
  const facts: Record<string, string> = {
    order: task[1] as string,
    qty: task[2] as string,
    item: task[3] as string,
    city: task[4] as string,
    bin: bin ?? '?',
  };
  const callTool = (name: string, thought: string): ScriptedTurn => ({
    text: thought,
    toolCalls: [
      { toolName: name, input: Object.fromEntries((tools.get(name) ?? []).map((p) => [p, facts[p] ?? '?'])) },
    ],
  });

  const procedure = rememberedProcedure(userTexts, [...tools.keys()]);
  if (procedure.length > 0 && history.every((d) => d.ok)) {
    const next = procedure.find((name) => !history.some((d) => d.ok && d.tool === name));
    if (next) return { mode: 'memory', reply: callTool(next, `Following the remembered procedure: ${next}.`) };
  }
  // Explore: start from the tool named after the task's verb; when a tool refuses, do what its error names first.
  const goal = [...tools.keys()].find((name) => name.startsWith('ship')) ?? [...tools.keys()][0] ?? 'ship';
  const stack = [goal];
  for (const d of history) {
    if (!d.ok) {
      const named = [...tools.keys()].find((name) => name !== d.tool && d.text.includes(name));
      if (named && !stack.includes(named)) stack.push(named);
    } else if (stack[stack.length - 1] === d.tool) {
      stack.pop();
    }
  }
  const next = stack[stack.length - 1] ?? goal;
  return { mode: 'explore', reply: callTool(next, `Trying ${next}.`) };
}

/** The tool calls so far and what came back, in order. */
function readHistory(call: ScriptedCall): Done[] {
  const names = new Map<string, string>();
  const done: Done[] = [];
  for (const message of call.prompt) {
    if (message.role === 'assistant') {
      for (const part of message.content) if (part.type === 'tool-call') names.set(part.toolCallId, part.toolName);
    } else if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        const output = part.output;
        const text =
          'value' in output
            ? typeof output.value === 'string'
              ? output.value
              : JSON.stringify(output.value)
            : output.type;
        done.push({
          tool: names.get(part.toolCallId) ?? part.toolName,
          ok: !output.type.startsWith('error') && output.type !== 'execution-denied',
          text,
        });
      }
    }
  }
  return done;
}

/** The tool order of the first recalled worked example that has one: its calls that did not fail. */
function rememberedProcedure(userTexts: readonly string[], toolNames: readonly string[]): string[] {
  const text = userTexts.find((t) => t.includes(MEMORY_OPEN_TAG));
  if (!text) return [];
  const inner = text
    .slice(text.indexOf(MEMORY_OPEN_TAG) + MEMORY_OPEN_TAG.length, text.lastIndexOf(MEMORY_CLOSE_TAG))
    .trim();
  if (!inner.startsWith(MEMP_GUIDELINES_LEAD)) return [];
  const guidance = GuidanceSchema.safeParse(parseJson(inner.slice(MEMP_GUIDELINES_LEAD.length)));
  for (const entry of guidance.success ? guidance.data : []) {
    const procedure: string[] = [];
    const lines = entry.guidelines.split('\n');
    lines.forEach((line, i) => {
      const action = /^Action: (\w+)\(/.exec(line)?.[1];
      const observation = lines.slice(i + 1).find((l) => l.startsWith('Observation: ') || l.startsWith('Action: '));
      const failed = observation?.startsWith('Observation: Error:') ?? false;
      if (action && toolNames.includes(action) && !failed && !procedure.includes(action)) procedure.push(action);
    });
    if (procedure.length > 0) return procedure;
  }
  return [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
