#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the one source of the data model): the same
// models with a PostgreSQL datasource and the client generated beside the SQLite one. `--check` exits 1 when
// the committed copy is stale. Run by `pnpm db:generate` and `pnpm db:migration`; the db package tests that the committed copy is fresh.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresSchemaOf } from './postgres-schema.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'prisma/schema.prisma');
const target = path.join(root, 'prisma/postgres/schema.prisma');

const wanted = postgresSchemaOf(fs.readFileSync(source, 'utf8'));
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== wanted) {
    console.error('prisma/postgres/schema.prisma is stale: run pnpm db:generate');
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== wanted) fs.writeFileSync(target, wanted);
}
