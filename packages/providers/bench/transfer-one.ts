/*
 * One provider, one file: upload it, download it back to a file, and report MiB/s both ways and this
 * process's peak memory. Run in a child process per provider so each peak is its own.
 * argv: <providerId> <configJson> <file> <downloadFile>
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { getProvider } from '../src/registry';

const [providerId, configJson, file, downloadFile] = process.argv.slice(2);
if (!providerId || !configJson || !file || !downloadFile) throw new Error('usage: transfer-one <provider> <config> <file> <out>');

const provider = getProvider(providerId);
const backend = provider.open(provider.configSchema.parse(JSON.parse(configJson)));
const size = statSync(file).size;
const key = `bench/${providerId}-${Date.now()}.bin`;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

let started = performance.now();
const put = await backend.put(key, createReadStream(file, { highWaterMark: 1024 * 1024 }), { size });
const uploadSeconds = (performance.now() - started) / 1000;

started = performance.now();
await pipeline(await backend.get(key), createWriteStream(downloadFile));
const downloadSeconds = (performance.now() - started) / 1000;

await backend.delete(key);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

console.log(
  JSON.stringify({
    provider: providerId,
    bytes: size,
    sha256: put.sha256,
    uploadSeconds,
    downloadSeconds,
    peakRssBytes: peakRss,
  }),
);
