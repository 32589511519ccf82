#!/usr/bin/env bash
# Development server with hot reload, on the same data directory as `npm start`.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
export STOWAGE_DATA_DIR="$(realpath -m "${STOWAGE_DATA_DIR:-.data}")"
pnpm --filter @stowage/web run prepare-data
exec pnpm turbo run dev --filter=@stowage/web
