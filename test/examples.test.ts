import { describe, expect, it } from 'vitest';
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
});
