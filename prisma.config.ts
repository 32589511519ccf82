import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The CLI falls back to native engines (not downloadable here) when DATABASE_URL is missing.
const url = process.env.DATABASE_URL ?? `file:${path.resolve('.data/prisma-cli.db')}`;
process.env.DATABASE_URL = url;
if (url === `file:${path.resolve('.data/prisma-cli.db')}`) fs.mkdirSync('.data', { recursive: true });

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
