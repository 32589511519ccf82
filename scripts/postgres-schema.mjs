// The PostgreSQL twin of prisma/schema.prisma: the same models, a PostgreSQL datasource, the client generated
// beside the SQLite one. Only the datasource and the generator's output differ.
export function postgresSchemaOf(schema) {
  const replaced = schema
    .replace(/(generator client \{[^}]*output\s*=\s*)"[^"]*"/, '$1"../../packages/db/src/generated/postgres"')
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  if (!replaced.includes('generated/postgres"') || !replaced.includes('"postgresql"')) {
    throw new Error('prisma/schema.prisma: the generator output or the sqlite datasource was not found');
  }
  return `// GENERATED from prisma/schema.prisma by scripts/generate-postgres-schema.mjs: do not edit.\n${replaced}`;
}
