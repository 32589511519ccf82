/*
 * The web app as several processes sharing one port (node:cluster): a page's tRPC calls, and other people's
 * pages, no longer queue on one Node thread. This first process only starts them and speaks for them: it prints
 * the serving line once every one listens, passes SIGTERM and SIGINT on, and when one of them ends on its own it
 * stops the others and exits, so that the supervisor's restart, backoff and event cover the web app as a whole.
 * Safe because nothing a request needs lives in one process: sessions and throttling are in the database.
 */
import cluster from 'node:cluster';

const STOP_LIMIT_MS = 12_000;

export function runWebProcesses({ count, host, port }) {
  let listening = 0;
  let stopping = false;
  let exitCode = 0;

  for (let index = 0; index < count; index += 1) cluster.fork({ STOWAGE_WEB_PROCESS_INDEX: String(index + 1) }); // its process title: stowage-web-1, -2, …

  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) console.log(`[web] serving http://${host}:${port} (${count} processes)`);
  });

  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      console.error(`[web] web process ${worker.process.pid} ended (${how}): stopping the web app's other processes`);
      exitCode = code === 0 && !signal ? 0 : 1;
      stop();
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  });

  function stop(why) {
    if (stopping) return;
    stopping = true;
    if (why) console.log(`[web] ${why}: stopping`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(exitCode);
    }, STOP_LIMIT_MS).unref();
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop('supervisor gone'));
}
