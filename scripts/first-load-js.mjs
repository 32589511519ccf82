// First-load JavaScript per page of the built web app, gzipped: the framework's root chunks plus the
// layout's and the page's own chunks, each counted once, read from the build's manifests. It takes about a
// second, so its smoke mode (--smoke, BENCH_SMOKE=1) is the full run: the flag is accepted and changes nothing.
// --json prints one JSON object { route: kB } instead of the table (pnpm bench:dashboard reads it).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

const next = path.resolve(import.meta.dirname, '../apps/web/.next');
if (!fs.existsSync(path.join(next, 'build-manifest.json'))) {
  console.error('apps/web is not built: run `pnpm build` first');
  process.exit(1);
}
const TARGET_KB = 200;
const buildManifest = JSON.parse(fs.readFileSync(path.join(next, 'build-manifest.json'), 'utf8'));
const require = createRequire(import.meta.url);
globalThis.self = globalThis;

function entryFiles(route) {
  const dir = route === '/' ? '' : route;
  require(path.join(next, 'server/app', dir, 'page_client-reference-manifest.js'));
  const manifest = globalThis.__RSC_MANIFEST[`${dir}/page`];
  const files = new Set(buildManifest.rootMainFiles);
  for (const [entry, chunks] of Object.entries(manifest.entryJSFiles)) {
    if (entry.endsWith('/src/app/layout') || entry.endsWith(`/src/app${dir}/page`)) chunks.forEach((chunk) => files.add(chunk));
  }
  return [...files];
}

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(path.join(next, file)), { level: 9 }).length;

/** Every page of the build: each has a client reference manifest beside its server entry. */
function pageRoutes(dir = path.join(next, 'server/app'), route = '') {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('_') && entry.name !== 'api') found.push(...pageRoutes(path.join(dir, entry.name), `${route}/${entry.name}`));
    else if (entry.name === 'page_client-reference-manifest.js') found.push(route || '/');
  }
  return found.sort();
}
const routes = pageRoutes();
const sizes = Object.fromEntries(routes.map((route) => [route, entryFiles(route).reduce((sum, file) => sum + gzipSize(file), 0) / 1000]));
const over = Object.values(sizes).some((kb) => kb > TARGET_KB);
if (process.argv.includes('--json')) console.log(JSON.stringify(sizes));
else {
  console.log('page                  first-load JS (gzip)   target');
  for (const [route, kb] of Object.entries(sizes)) console.log(`${route.padEnd(22)}${`${kb.toFixed(1)} kB`.padStart(12)}   < ${TARGET_KB} kB`);
}
process.exit(over ? 1 : 0);
