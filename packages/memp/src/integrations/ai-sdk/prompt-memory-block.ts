import type { LanguageModelMiddleware } from 'ai';
import { MEMORY_OPEN_TAG } from '../../core/render/render-memories.js';

/** The call options an AI SDK 6 model receives (`LanguageModelV3CallOptions`), as a middleware sees them. */
export type ModelCallOptions = Parameters<NonNullable<LanguageModelMiddleware['transformParams']>>[0]['params'];
/** One message of a model prompt (`LanguageModelV3Message`). */
export type ModelPromptMessage = ModelCallOptions['prompt'][number];

/** The text of a message: a system message's string, or the text parts of any other message joined with newlines. */
export function messageText(message: ModelPromptMessage): string {
  if (typeof message.content === 'string') return message.content;
  const texts: string[] = [];
  for (const part of message.content) if (part.type === 'text') texts.push(part.text);
  return texts.join('\n');
}

/** The text of the first user message — the agent's task in a one-task run. Undefined without a user message. */
export function firstUserText(prompt: ModelCallOptions['prompt']): string | undefined {
  const message = prompt.find((m) => m.role === 'user');
  return message === undefined ? undefined : messageText(message);
}

/** True when a user message already carries a memory block (found by its delimiter tag). */
export function hasMemoryBlock(prompt: ModelCallOptions['prompt']): boolean {
  return prompt.some((m) => m.role === 'user' && messageText(m).includes(MEMORY_OPEN_TAG));
}

/** True when the prompt has no model turn yet: the first model call of a run. */
export function isFirstCall(prompt: ModelCallOptions['prompt']): boolean {
  return !prompt.some((m) => m.role === 'assistant' || m.role === 'tool');
}

/**
 * A copy of `prompt` with `block` as a separate text part at the end of the task's user message — right after the
 * task, never in the system prompt, replacing nothing. The task message is the first user message whose text
 * contains `task`, else the first user message; with no user message the block becomes a user message after the
 * leading system messages.
 */
export function insertAfterTask(
  prompt: ModelCallOptions['prompt'],
  task: string,
  block: string,
): ModelCallOptions['prompt'] {
  const part = { type: 'text' as const, text: `\n\n${block}` };
  let index = prompt.findIndex((m) => m.role === 'user' && messageText(m).includes(task));
  if (index < 0) index = prompt.findIndex((m) => m.role === 'user');
  if (index < 0) {
    const at = prompt.findIndex((m) => m.role !== 'system');
    const position = at < 0 ? prompt.length : at;
    return [...prompt.slice(0, position), { role: 'user', content: [part] }, ...prompt.slice(position)];
  }
  return prompt.map((message, i) =>
    i === index && message.role === 'user' ? { ...message, content: [...message.content, part] } : message,
  );
}
