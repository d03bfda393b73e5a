import { describe, expect, it } from 'vitest';
import { runAgentSkillsExample } from '../examples/agent-skills.js';
import { runAiSdkAgentExample } from '../examples/ai-sdk-agent.js';
import { runQuickstart } from '../examples/quickstart.js';

describe('examples', () => {
  it('quickstart learns, retrieves, renders and corrects', async () => {
    const lines: string[] = [];
    await runQuickstart((line) => void lines.push(line));
    expect(lines[0]).toBe('learned 8 trajectories, 7 procedures stored');
    const retrieved = lines.filter((l) => l.startsWith('retrieved ['));
    expect(retrieved).toHaveLength(2);
    expect(retrieved[0]).toMatch(/put a clean apple in fridge$/);
    // Adjustment corrects only the used memory phrased like the failed task ("put a clean X in Y").
    expect(lines[lines.length - 1]).toBe('failed episode: adjusted 1 memories, deprecated 0');
  });

  it('ai-sdk-agent: the second task of a kind takes fewer steps with memory, none fewer without', async () => {
    const lines: string[] = [];
    await runAiSdkAgentExample((line) => void lines.push(line));
    const figures = (label: string) => {
      const line = lines.find((l) => l.startsWith(`tool calls ${label}: `)) ?? '';
      return line
        .slice(line.indexOf(': ') + 2)
        .split(', ')
        .map(Number);
    };
    const without = figures('without memory');
    const withMemory = figures('with memory');
    expect(without).toHaveLength(3);
    expect(withMemory).toHaveLength(3);
    // without memory: no improvement from task to task
    expect(new Set(without).size).toBe(1);
    // with memory: the first task explores as without; later ones recall it and take fewer calls
    expect(withMemory[0]).toBe(without[0]);
    expect(withMemory[1]).toBeLessThan(withMemory[0] as number);
    expect(withMemory[2]).toBeLessThan(withMemory[0] as number);
    // every order shipped, and the saving came from the recalled procedure in the prompt
    expect(lines.filter((l) => l.includes(' shipped'))).toHaveLength(6);
    const withLines = lines.filter((l) => l.startsWith('with memory: task'));
    expect(withLines[0]).toMatch(/recalled 0 memories \[\], 0 calls from the recalled procedure/);
    expect(withLines[1]).toMatch(/recalled 1 memories \[0\.\d\d\], [1-9]\d* calls from the recalled procedure/);
  });

  it('agent-skills: metadata first, the chosen skill body on demand', async () => {
    const lines: string[] = [];
    await runAgentSkillsExample((line) => void lines.push(line));
    expect(lines[0]).toBe('exported 7 skills');
    expect(lines[1]).toMatch(/^metadata loaded: 7 skills, \d+ characters$/);
    expect(lines[2]).toBe('task "put a clean mug in fridge": loaded skill put-a-clean-apple-in-fridge');
    expect(lines[3]).toMatch(/^procedure: \d+ steps/);
  });
});
