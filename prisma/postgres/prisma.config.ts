import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// The PostgreSQL twin of ../../prisma.config.ts, for `prisma generate` and `prisma migrate diff` (offline):
// every other migrate command fails on PostgreSQL here (prisma/orm#27403); Stowage applies migrations itself.
const here = path.dirname(fileURLToPath(import.meta.url));
const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://stowage@127.0.0.1:5432/stowage';
process.env.DATABASE_URL = url;

export default defineConfig({
  schema: path.join(here, 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: url }),
});
