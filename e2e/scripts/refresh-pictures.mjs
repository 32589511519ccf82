// pnpm e2e:pictures: copies the README's pictures (the docs/screenshots/*.png it names) from the last e2e run's
// results folder (e2e/results/screenshots) into docs/screenshots. The only command that changes them; exits 1
// when the last run did not take one of them (the others are still copied).
import fs from 'node:fs';
import path from 'node:path';
import { readmePictures } from './pictures.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'e2e/results/screenshots');
const target = path.join(root, 'docs/screenshots');

const names = readmePictures(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
const missing = [];
fs.mkdirSync(target, { recursive: true });
for (const name of names) {
  const from = path.join(shots, name);
  if (!fs.existsSync(from)) {
    missing.push(name);
    continue;
  }
  fs.copyFileSync(from, path.join(target, name));
  console.log(`docs/screenshots/${name}`);
}
if (missing.length > 0) {
  console.error(`\nNot in the last run's ${path.relative(root, shots)} (run the spec that takes it, e.g. the whole suite): ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`\n${names.length} pictures refreshed from ${path.relative(root, shots)}`);
