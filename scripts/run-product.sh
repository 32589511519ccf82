#!/usr/bin/env bash
# Runs the product's processes — the web app, the agent API and one worker, or those STOWAGE_PROCESSES names —
# under the supervisor, in the foreground: a process that dies is restarted with backoff (and the restart
# recorded as an event); SIGTERM or SIGINT stops them all. `--dev` runs the web app with hot reload and
# restarts the agent API and the worker when their code changes.
# Expects STOWAGE_DATA_DIR, HOST and PORT set.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm --filter @stowage/web run prepare-data
cd apps/supervisor && exec node --import tsx src/main.ts "$@"
