#!/usr/bin/env bash
# Runs every test Stowage has: lint, types, unit and integration tests (Vitest), then the product built
# and driven in Debian Chromium (Playwright), and every benchmark in its smoke mode. Installs what is missing
# first. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
apt_require chromium chromium

rm -rf packages/*/.test-results apps/*/.test-results e2e/.test-results
status=0
failed_steps=()
run() {
  echo "::: $*"
  if ! "$@"; then
    status=1
    failed_steps+=("$*")
  fi
}

run pnpm turbo run lint typecheck --continue --output-logs=errors-only
# Two packages at a time: each integration tier runs its own Swift, and on two cores more contend too much.
run pnpm turbo run test --continue --concurrency=2 --output-logs=new-only -- --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
run pnpm turbo run build --filter=@stowage/web --output-logs=errors-only
# Every benchmark the README lists, in its smoke mode (seconds, small sizes): none can rot unnoticed.
run pnpm bench:smoke
run pnpm --filter @stowage/e2e e2e

node scripts/summarize-tests.mjs || status=1
# Said last, where a reader of the tail of a long log looks.
for step in "${failed_steps[@]}"; do echo "failed step: $step"; done
exit "$status"
