#!/usr/bin/env bash
# Starts Stowage on its embedded defaults: SQLite in $STOWAGE_DATA_DIR (default ./.data), http://127.0.0.1:3000.
# STOWAGE_DEMO=1 seeds two demo zones with NFS stores when the database is empty.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

export STOWAGE_DATA_DIR="$(realpath -m "${STOWAGE_DATA_DIR:-.data}")"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}"

pnpm turbo run build --filter=@stowage/web --output-logs=errors-only
echo "stowage: serving http://$HOST:$PORT (data in $STOWAGE_DATA_DIR), with one worker, both supervised"
exec "$(dirname "$0")/run-product.sh"
