import type { Memory } from '../memory.js';
import type { Step } from '../step.js';

/** Renders steps as `Thought/Action/Observation` lines, the way an agent saw them. */
export function renderSteps(steps: readonly Step[]): string {
  const lines: string[] = [];
  for (const step of steps) {
    if (step.thought) lines.push(`Thought: ${step.thought}`);
    lines.push(`Action: ${step.action}`);
    if (step.observation !== undefined) lines.push(`Observation: ${step.observation}`);
  }
  return lines.join('\n');
}

/**
 * The guidance text of one memory: the script for scripts, the worked steps for trajectories, and both
 * (script first, then the worked example) for proceduralizations.
 */
export function memoryGuidelines(memory: Memory): string {
  const parts: string[] = [];
  if (memory.script) parts.push(memory.script);
  if (memory.steps && memory.steps.length > 0) {
    const example = renderSteps(memory.steps);
    parts.push(memory.script ? `Worked example:\n${example}` : example);
  }
  return parts.join('\n\n');
}
