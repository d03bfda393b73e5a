import { describe, expect, it } from 'vitest';
import { runQuickstart } from '../examples/quickstart.js';

describe('examples', () => {
  it('quickstart learns, retrieves, renders and corrects', async () => {
    const lines: string[] = [];
    await runQuickstart((line) => void lines.push(line));
    expect(lines[0]).toBe('learned 8 trajectories, 7 procedures stored');
    expect(lines.filter((l) => l.startsWith('retrieved ['))).toHaveLength(2);
    expect(lines[lines.length - 1]).toBe('failed episode: adjusted 2 memories, deprecated 0');
  });
});
