// The entry point `memp-bench`: what every benchmark shares — the Environment an agent plays and the Agent port.
// The benchmarks themselves: `memp-bench/alfworld`, `memp-bench/travelplanner`. Explicit named exports only.

export type { Agent, EpisodeResult } from './ports/agent.js';
export type { Environment, EnvironmentReset, EnvironmentStep } from './ports/environment.js';
