#!/usr/bin/env bash
# Runs the product's processes — the web app and one worker — in the foreground; when either exits or the
# script is stopped, the other is stopped too. Expects STOWAGE_DATA_DIR, HOST and PORT set.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm --filter @stowage/web run prepare-data
# Started directly rather than through pnpm, which does not pass signals on to its child.
(cd apps/worker && exec node_modules/.bin/tsx src/main.ts) &
worker=$!
(cd apps/web && exec node_modules/.bin/next start --port "$PORT" --hostname "$HOST") &
web=$!

stop() { kill -TERM "$web" "$worker" 2>/dev/null || true; wait "$web" "$worker" 2>/dev/null || true; }
trap 'stop; exit 0' TERM INT
wait -n "$web" "$worker" || true
stop
exit 1
