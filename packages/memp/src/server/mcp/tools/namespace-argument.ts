import { NamespaceSchema } from '../../../core/namespace.js';

/** The optional `namespace` argument every memp MCP tool accepts, described for the model. */
export const namespaceArgument = NamespaceSchema.optional().describe(
  'Memory namespace (one per agent, team or project). Leave it out to use your default namespace.',
);
