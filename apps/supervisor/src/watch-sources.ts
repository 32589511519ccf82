import { watch, type FSWatcher } from 'node:fs';

/** Calls `onChange` once per burst of changes (an editor saving several files) under any of `dirs`. */
export function watchSources(dirs: string[], onChange: (file: string) => void, debounceMs = 300): () => void {
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (!file || /(^|\/)(node_modules|generated)\//.test(file) || !/\.(ts|tsx|mts|js|mjs|json)$/.test(file)) return;
      last = `${dir}/${file}`;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => onChange(last), debounceMs);
    }),
  );
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
