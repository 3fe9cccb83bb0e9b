#!/usr/bin/env bash
# A short k6 run of every scenario (seconds, loose thresholds: no errors, no lost or duplicated events) against
# a freshly started core, so the load tests cannot rot. Used by .ci/run; runs anywhere with k6 on PATH or in
# ../shared/bin. Uses DATABASE_URL when set, else an in-memory embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
K6=${K6:-$(command -v k6 || echo ../shared/bin/k6)}
PORT=${SMOKE_PORT:-8199}
BASE="http://127.0.0.1:$PORT"
export RESULTS_DIR=load-tests/results
mkdir -p "$RESULTS_DIR"

# The load comes from one address and a handful of devices: the per-client and per-device limits are set off.
# DEMO=true: the scenarios sign in as the demo accounts, which a start with DATABASE_URL does not create otherwise.
DEMO=true HTTP_RATE_LIMIT_PER_MINUTE=0 INGEST_DEVICE_MAX_FIXES_PER_SECOND=0 \
  PGLITE_DATA_DIR=memory:// PORT=$PORT OSMAND_PORT=off JT808_PORT=off LOG_LEVEL=warn CONSOLE_DIR=/nonexistent \
  node --import tsx dispatch-core/src/main.ts >"$RESULTS_DIR/smoke-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$RESULTS_DIR/smoke-server.log"; exit 1; }
  sleep 1
done
curl -fs "$BASE/readyz" >/dev/null

"$K6" run -q -e BASE_URL="$BASE" -e RATE=5 -e DURATION=5s -e P95_MS=1000 -e P99_MS=2000 load-tests/scenarios/assign.js
"$K6" run -q -e BASE_URL="$BASE" -e CONSOLES=10 -e DURATION_S=5 -e RATE=5 load-tests/scenarios/fanout.js
"$K6" run -q -e BASE_URL="$BASE" -e CONSOLES=5 -e DURATION_S=5 -e RATE=20 -e P99_MS=2000 load-tests/scenarios/ingest.js
# The dispatcher's loop with writers (2 s warm-up, 5 s measured): loops_ok must count and none may fail.
"$K6" run -q -e BASE_URL="$BASE" -e RATE=5 -e WARMUP_S=2 -e DURATION=5s -e POS_RATE=20 -e P99_MS=2000 load-tests/scenarios/loop.js
echo "k6 smoke: all scenarios passed their thresholds"
