#!/usr/bin/env bash
# The product as `npm start` runs it, on a fresh data directory and its own port, for one e2e run.
set -euo pipefail
cd "$(dirname "$0")/.."
export STOWAGE_DATA_DIR="$1" PORT="$2" HOST=127.0.0.1 STOWAGE_PROBE_INTERVAL_S=5
export STOWAGE_JOB_LEASE_S=10 STOWAGE_RECONCILE_INTERVAL_MS=500
rm -rf "$STOWAGE_DATA_DIR"
# The agents' token, made as an admin would (the secret alone on stdout), read by tests/support/agent-api.ts.
node apps/cli/bin/stowage-admin.mjs create-token --name e2e-agents --scopes acquire,renew,release --expires-days 1 \
  2>/dev/null > "$STOWAGE_DATA_DIR.agent-token"
# The product's output also goes to a log beside the data directory (secrets-leak.spec.ts reads it).
: > "$STOWAGE_DATA_DIR.log"
exec > >(tee -a "$STOWAGE_DATA_DIR.log") 2> >(tee -a "$STOWAGE_DATA_DIR.log" >&2)
exec scripts/run-product.sh
