#!/usr/bin/env node
// The `memp` command. It runs the built CLI in dist/ (`npm run build`; in memp's repository `npm ci` builds it). This
// file exists before the build, so npm links the command when it installs the package.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('memp: the CLI is not built: run `npm run build` in the memp package\n');
    process.exitCode = 1;
  } else {
    throw error;
  }
}
