import type { Command } from 'commander';
import { registerBenchAlfworldCommand } from './bench-alfworld-command.js';
import { registerBenchGridCommand } from './bench-grid-command.js';
import { registerBenchRetrievalQualityCommand } from './bench-retrieval-quality-command.js';
import { registerBenchParaphraseRetrievalCommand } from './bench-paraphrase-retrieval-command.js';
import { registerBenchDuplicateShareCommand } from './bench-duplicate-share-command.js';
import { registerBenchTravelplannerCommand } from './bench-travelplanner-command.js';

/** `memp bench alfworld | grid | retrieval-quality | travelplanner`: the paper's experiments. */
export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description("run the paper's benchmarks (ALFWorld) and write reports");
  registerBenchAlfworldCommand(bench);
  registerBenchGridCommand(bench);
  registerBenchRetrievalQualityCommand(bench);
  registerBenchParaphraseRetrievalCommand(bench);
  registerBenchDuplicateShareCommand(bench);
  registerBenchTravelplannerCommand(bench);
}
