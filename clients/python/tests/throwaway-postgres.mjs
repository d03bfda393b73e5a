/**
 * Starts the repository's throwaway PostgreSQL cluster (as the memp suite does, `startThrowawayPostgres` from the
 * built `packages/memp/dist`), prints `{"url": …}` on one line, and stops it when stdin closes (the pytest fixture
 * closes it at the end of the session) or on SIGTERM. On failure prints `{"error": …}` and exits 1.
 */
const dist = new URL('../../../packages/memp/dist/bench/start-throwaway-postgres.js', import.meta.url);

try {
  const { startThrowawayPostgres } = await import(dist.href);
  const cluster = await startThrowawayPostgres();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.stdout.write(`${JSON.stringify({ url: cluster.url, timings: cluster.timings })}\n`);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
