#!/usr/bin/env bash
# Development: the web app with hot reload and a worker that restarts when its code changes, both supervised,
# on the same data directory, HOST and PORT as `npm start` (default http://127.0.0.1:3000).
set -euo pipefail
source "$(dirname "$0")/setup.sh"

export STOWAGE_DATA_DIR="$(realpath -m "${STOWAGE_DATA_DIR:-.data}")"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}"
echo "stowage (development): http://$HOST:$PORT (data in $STOWAGE_DATA_DIR); the web app hot-reloads, the worker restarts when its code changes"
exec "$(dirname "$0")/run-product.sh" --dev
