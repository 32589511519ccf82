/*
 * Last-resort cleanup when the Node process exits without a server's stop() having run: each registered
 * callback runs synchronously from process.on('exit') (so only synchronous work: spawnSync, rmSync, kill).
 * Same idea as @stowage/object-store-server's exit-cleanup, for servers this package starts.
 */
const callbacks = new Set<() => void>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        // best effort
      }
    }
    callbacks.clear();
  });
}

/** Runs `callback` at process exit unless the returned function is called first. */
export function onExitCleanup(callback: () => void): () => void {
  install();
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
  };
}
