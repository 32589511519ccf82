#!/usr/bin/env bash
# Starts Stowage on its embedded defaults: SQLite in $STOWAGE_DATA_DIR (default ./.data), http://127.0.0.1:3000.
# STOWAGE_DEMO=1 seeds two demo zones with NFS stores when the database is empty. DATABASE_URL=postgresql://…
# runs it on PostgreSQL; STOWAGE_PROCESSES=worker runs only a worker (a zone's machine; see docs/deploy.md).
set -euo pipefail
source "$(dirname "$0")/setup.sh"

export STOWAGE_DATA_DIR="$(realpath -m "${STOWAGE_DATA_DIR:-.data}")"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}"

processes="${STOWAGE_PROCESSES:-web,agent-api,worker}"
if [[ ",${processes// /}," == *",web,"* ]]; then
  pnpm turbo run build --filter=@stowage/web --output-logs=errors-only
  echo "stowage: serving http://$HOST:$PORT (data in $STOWAGE_DATA_DIR); running $processes, supervised"
else
  echo "stowage: running $processes (data in $STOWAGE_DATA_DIR), supervised"
fi
exec "$(dirname "$0")/run-product.sh"
