// The layer rules of ARCHITECTURE.md, checked by `npm run layers` (part of `npm test`): a wrong arrow fails the build.
// Layers of the library (packages/memp/src), top to bottom:
//   surfaces (cli, server, integrations) → engine → policies → core; ports under everything they describe;
//   adapters implement ports. Entry points (src/*.ts) and the composition of defaults wire them together.
const LIB = '^packages/memp/src/';
const lib = (folder) => `${LIB}${folder}/`;
const notTests = '\\.test\\.ts$';

/** A rule that `from` (a library folder) imports nothing outside `allowed` in the library. */
function onlyImports(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: lib(from), pathNot: notTests },
    to: { path: LIB, pathNot: allowed.map(lib) },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'library-imports-no-benchmark',
      comment: 'The library never imports a benchmark (memp loads memp-bench by name at run time, as a plugin).',
      severity: 'error',
      from: { path: '^packages/memp/' },
      to: { path: '^packages/memp-bench/' },
    },
    {
      name: 'benchmarks-use-public-entry-points',
      comment: 'memp-bench uses memp as an outside user does: through the entry points of its package.json exports.',
      severity: 'error',
      from: { path: '^packages/memp-bench/' },
      to: {
        path: '^packages/memp/',
        pathNot:
          '^packages/memp/(dist/(index|sqlite|postgres|ai|server|testing|internal|skills)\\.(js|d\\.ts)|package\\.json)$',
      },
    },
    onlyImports('core-is-the-bottom', 'core', ['core'], 'core/ holds the domain: it imports no other layer.'),
    onlyImports('ports-describe-the-domain', 'ports', ['ports', 'core'], 'ports/ depend on the domain only.'),
    onlyImports(
      'policies-are-generic',
      'policies',
      ['policies', 'ports', 'core'],
      'policies/ work through ports: no adapter, engine or surface.',
    ),
    onlyImports(
      'engine-depends-on-ports-and-policies',
      'engine',
      ['engine', 'policies', 'ports', 'core'],
      'The engine chooses no adapter: the entry points and the composition of defaults do.',
    ),
    onlyImports(
      'adapters-implement-ports',
      'adapters',
      ['adapters', 'ports', 'core'],
      'An adapter implements a port; it does not call the engine, a policy or a surface.',
    ),
    onlyImports(
      'composition-wires-adapters-into-the-engine',
      'composition',
      ['composition', 'engine', 'policies', 'ports', 'core', 'adapters'],
      'The composition of defaults picks adapters for the engine; it knows no surface.',
    ),
    onlyImports(
      'integrations-use-the-engine',
      'integrations',
      ['integrations', 'engine', 'policies', 'ports', 'core'],
      'An integration (the AI SDK middleware) calls the engine through its interface; it picks no adapter.',
    ),
    {
      name: 'server-does-not-use-the-cli',
      comment: 'The CLI starts the server, never the other way round.',
      severity: 'error',
      from: { path: lib('server') },
      to: { path: lib('cli') },
    },
    {
      name: 'no-module-imports-an-entry-point',
      comment:
        'Entry points (src/*.ts) only re-export: modules import each other directly, so no cycle runs through one.',
      severity: 'error',
      from: { path: `${LIB}[^/]+/`, pathNot: notTests },
      to: { path: `${LIB}[^/]+\\.ts$` },
    },
    {
      name: 'core-and-policies-load-no-driver',
      comment: 'core/ and policies/ import no driver, vendor SDK or server library (zod and Node built-ins only).',
      severity: 'error',
      from: { path: `${LIB}(core|policies|ports)/`, pathNot: notTests },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/zod/',
      },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle at run time means two modules are one concept or a layer points up (type-only cycles are free).',
      severity: 'error',
      from: { path: '^packages/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^packages/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['/dist/', '/dist-check/', 'node_modules', '/server/console/client/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.d.ts'],
    },
    combinedDependencies: false,
  },
};
