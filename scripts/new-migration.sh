#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: what changes prisma/schema.prisma made since the
# last commit. (`prisma migrate dev` needs a shadow database, which the JS schema engine cannot provide.)
# The db package's drift test proves the committed migrations add up to the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: pnpm db:migration <name>}"
base="${2:-HEAD}"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
before="$(mktemp --suffix=.prisma)"; sql="$(mktemp)"
git show "$base:prisma/schema.prisma" >"$before"
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
pnpm -s prisma migrate diff --from-schema-datamodel "$before" --to-schema-datamodel prisma/schema.prisma --script >"$sql"
rm -f "$before"
if ! grep -v '^--' "$sql" | grep -q '[A-Za-z]'; then
  echo "schema unchanged since $base: nothing to write"; rm -f "$sql"; exit 0
fi
mkdir -p "$dir" && mv "$sql" "$dir/migration.sql"
echo "wrote $dir/migration.sql"
