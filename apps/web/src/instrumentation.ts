/** Runs once when the server starts: keeps store health fresh until the worker process takes this over. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startHealthProbes } = await import('./server/health-probes');
  startHealthProbes();
}
