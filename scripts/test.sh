#!/usr/bin/env bash
# Runs every test Stowage has: lint, types, unit and integration tests (Vitest), then the product built
# and driven in Debian Chromium (Playwright), and every benchmark in its smoke mode. Installs what is missing
# first. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
apt_require chromium chromium

rm -rf .test-results packages/*/.test-results apps/*/.test-results tooling/*/.test-results e2e/.test-results .turbo/runs
mkdir -p .test-results
status=0
failed_steps=()
# Every step's output is also kept in .test-results/test-run.log: the summary prints from it the tail of any
# Turborepo task that failed (each task's lines carry its name), where a reader of the log's end sees it.
run() {
  echo "::: $*" | tee -a .test-results/test-run.log
  if ! "$@" 2>&1 | tee -a .test-results/test-run.log; then
    status=1
    failed_steps+=("$*")
  fi
}

run pnpm turbo run lint typecheck --continue --summarize --output-logs=errors-only
# Two packages at a time: each integration tier runs its own Swift, and on two cores more contend too much.
run pnpm turbo run test --continue --concurrency=2 --summarize --output-logs=new-only -- --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
run pnpm turbo run build --filter=@stowage/web --summarize --output-logs=errors-only
# Every benchmark the README lists, in its smoke mode (seconds, small sizes): none can rot unnoticed.
run pnpm bench:smoke
run pnpm --filter @stowage/e2e e2e

node scripts/summarize-tests.mjs || status=1
# Said last, where a reader of the tail of a long log looks.
for step in "${failed_steps[@]}"; do echo "failed step: $step"; done
exit "$status"
