#!/usr/bin/env bash
# Gateway overhead: tools/call echo on the demo server directly vs through `switchboard gateway`
# in front of it, in one run on this machine, at several connection counts. Both JVMs get the
# same warm-up (--warmup seconds each, at the highest connection count) before anything is
# measured; then each point is measured direct and through the gateway back to back.
# The gateway forwards with full 2026-07-28 validation on both sides (it is an MCP server in front
# and an MCP client behind). A third path, an nginx reverse proxy (one worker, keep-alive) in front of
# the same upstream, is the reference: what one proxy hop that reads nothing costs on this machine.
# Everything (wrk, nginx, gateway, upstream) shares this machine's cores.
#
# Usage: bench/load/gateway.sh [--duration S] [--warmup S] [--connections "1 16 64"]
# Writes bench/results/gateway-<time>.md and prints it.
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DURATION=20; WARMUP=60; CONNECTIONS="1 16 64"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 1 ;;
  esac
done
. "$REPO_ROOT/scripts/jdk.sh"
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX_BIN" ] || { echo "gateway.sh: needs nginx (scripts/ensure-tools.sh installs it)" >&2; exit 1; }
for tool in wrk python3; do command -v $tool >/dev/null || { echo "gateway.sh: needs $tool" >&2; exit 1; }; done
"$REPO_ROOT/switchboard" --version >/dev/null || exit 2   # builds the CLI jar if needed
JAR="$REPO_ROOT/cli/target/switchboard.jar"
WORK=$(mktemp -d /tmp/switchboard-gateway-bench.XXXXXX)
RESULTS_DIR="$REPO_ROOT/bench/results"; mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/gateway-$(date +%Y%m%d-%H%M%S).md"
. "$SCRIPT_DIR/procs.sh"

export BENCH_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
export BENCH_HEADERS=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2026-07-28\nMcp-Method: tools/call\nMcp-Name: echo'
export BENCH_EXPECT=hello BENCH_SESSION_IDS=""
JVM=("$JAVA_HOME/bin/java" -Xms512m -Xmx512m --sun-misc-unsafe-memory-access=allow -jar "$JAR")

UP_PORT=$(free_port); GW_PORT=$(free_port)
start_mcp upstream "$WORK/upstream.log" "http://127.0.0.1:$UP_PORT/mcp" "${JVM[@]}" serve --port "$UP_PORT"
demo_gateway_config "$UP_PORT" >"$WORK/gateway.yaml"
start_mcp gateway "$WORK/gateway.log" "http://127.0.0.1:$GW_PORT/mcp" "${JVM[@]}" gateway --config "$WORK/gateway.yaml" --port "$GW_PORT"
start_nginx_proxy "$UP_PORT"
DIRECT="http://127.0.0.1:$UP_PORT/mcp"; VIA="http://127.0.0.1:$GW_PORT/mcp"; PROXY="http://127.0.0.1:$LB_PORT/mcp"

run() { # URL CONNECTIONS SECONDS → RESULT line
  local t=$(( $2 < 2 ? $2 : 2 ))
  wrk -t$t -c"$2" -d"$3s" --timeout 10s -s "$SCRIPT_DIR/mcp.lua" "$1" 2>&1 | grep '^RESULT '
}
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -1; }
MAXC=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
log "warm-up: upstream directly, ${WARMUP} s at $MAXC connections"; run "$DIRECT" "$MAXC" "$WARMUP" >/dev/null
log "warm-up: through the gateway, ${WARMUP} s at $MAXC connections"; run "$VIA" "$MAXC" "$WARMUP" >/dev/null

declare -A ROW
for c in $CONNECTIONS; do
  for path in direct nginx gateway; do
    case $path in direct) url=$DIRECT ;; nginx) url=$PROXY ;; gateway) url=$VIA ;; esac
    res=$(run "$url" "$c" "$DURATION")
    ROW[$path/$c]="$(kv "$res" rps) $(kv "$res" p50_ms) $(kv "$res" p99_ms) $(( $(kv "$res" non2xx) + $(kv "$res" rpc_errors) ))"
    log "$path at $c: ${ROW[$path/$c]}"
  done
done

{
  echo "# Gateway overhead, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores shared by wrk, nginx, the gateway and the upstream; ${WARMUP} s warm-up per JVM, ${DURATION} s per point; tools/call echo (2026-07-28); JVMs -Xmx512m; nginx = one-worker reverse proxy in front of the upstream."
  echo
  paths_table path direct nginx gateway
} | tee "$REPORT"
log "report: $REPORT"
