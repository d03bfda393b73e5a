import { generateText, stepCountIs, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScriptedLanguageModel } from './scripted-language-model.js';

describe('scripted language model', () => {
  it('scripts tool calls for a multi-step generateText run and sees the tool results in the next prompt', async () => {
    const seen: string[] = [];
    const model = createScriptedLanguageModel({
      replies: [
        {
          text: 'Adding.',
          toolCalls: [
            { toolName: 'add', input: { a: 2, b: 3 } },
            { toolName: 'add', input: { a: 1, b: 1 } },
          ],
        },
        (call) => {
          const last = call.prompt[call.prompt.length - 1];
          if (last?.role === 'tool')
            for (const part of last.content) if (part.type === 'tool-result') seen.push(JSON.stringify(part.output));
          return 'Done: 5 and 2.';
        },
      ],
    });
    const result = await generateText({
      model,
      prompt: 'add numbers',
      tools: {
        add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }),
      },
      stopWhen: stepCountIs(5),
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.steps[0]?.toolCalls.map((c) => [c.toolCallId, c.input])).toEqual([
      ['call_1', { a: 2, b: 3 }],
      ['call_2', { a: 1, b: 1 }],
    ]);
    expect(result.steps[0]?.toolResults.map((r) => r.output)).toEqual([5, 2]);
    expect(seen).toEqual(['{"type":"json","value":5}', '{"type":"json","value":2}']);
    expect(result.text).toBe('Done: 5 and 2.');
  });
});
