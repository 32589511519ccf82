#!/usr/bin/env bash
# The product as `npm start` runs it, on a fresh data directory and its own port, for one e2e run.
set -euo pipefail
cd "$(dirname "$0")/.."
export STOWAGE_DATA_DIR="$1" PORT="$2" HOST=127.0.0.1 STOWAGE_PROBE_INTERVAL_S=5
export STOWAGE_JOB_LEASE_S=10 STOWAGE_RECONCILE_INTERVAL_MS=500
export STOWAGE_AGENT_TOKEN=e2e-agent-token
rm -rf "$STOWAGE_DATA_DIR"
# The product's output also goes to a log beside the data directory (secrets-leak.spec.ts reads it).
: > "$STOWAGE_DATA_DIR.log"
exec > >(tee -a "$STOWAGE_DATA_DIR.log") 2> >(tee -a "$STOWAGE_DATA_DIR.log" >&2)
exec scripts/run-product.sh
