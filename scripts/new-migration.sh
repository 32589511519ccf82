#!/usr/bin/env bash
# Writes the migration for what prisma/schema.prisma changed since the last commit, once per database:
#   prisma/migrations/<timestamp>_<name>/migration.sql           (SQLite)
#   prisma/postgres/migrations/<timestamp>_<name>/migration.sql  (PostgreSQL, from the generated twin schema)
# (`prisma migrate dev` needs a shadow database, which the JS schema engine cannot provide, and every migrate
# command against PostgreSQL fails here: prisma/orm#27403.) The db package's drift tests prove the committed
# migrations of each database add up to the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: pnpm db:migration <name>}"
base="${2:-HEAD}"
stamp="$(date -u +%Y%m%d%H%M%S)_${name}"
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
node scripts/generate-postgres-schema.mjs
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
git show "$base:prisma/schema.prisma" >"$work/before.prisma"
node --input-type=module -e "
  import fs from 'node:fs';
  import { postgresSchemaOf } from './scripts/postgres-schema.mjs';
  fs.writeFileSync('$work/before-postgres.prisma', postgresSchemaOf(fs.readFileSync('$work/before.prisma', 'utf8')));
"
wrote=0
write() { # <from schema> <to schema> <migrations dir>
  local sql="$work/migration.sql"
  pnpm -s prisma migrate diff --from-schema-datamodel "$1" --to-schema-datamodel "$2" --script >"$sql"
  if grep -v '^--' "$sql" | grep -q '[A-Za-z]'; then
    mkdir -p "$3/$stamp" && mv "$sql" "$3/$stamp/migration.sql"
    echo "wrote $3/$stamp/migration.sql"; wrote=1
  fi
}
write "$work/before.prisma" prisma/schema.prisma prisma/migrations
write "$work/before-postgres.prisma" prisma/postgres/schema.prisma prisma/postgres/migrations
[ "$wrote" = 1 ] || echo "schema unchanged since $base: nothing to write"
