#!/usr/bin/env bash
# Gateway overhead, in one run on this machine, at several connection counts (issue 8 item 8):
#   echo     tools/call echo on the demo server directly, through an nginx reverse proxy (one worker,
#            keep-alive: what one proxy hop that reads nothing costs here, the reference) and through
#            `switchboard gateway` (full 2026-07-28 validation on both sides: an MCP server in front,
#            an MCP client behind);
#   bridged  a 2026-07-28 caller through a gateway that speaks the session era to the upstream, and a
#            session-era caller (one session per wrk thread) through a gateway that speaks 2026-07-28
#            to it, each against the same caller directly on the upstream;
#   mrtr     one MRTR round of the demo's greet (it asks for a name): the asking call and the answering
#            retry (a requestState taken just before each point and replayed), directly and through
#            the gateway.
# Every JVM gets the same warm-up (--warmup seconds at the highest connection count) and each further
# workload 10 s more on both paths before it is measured; points are measured back to back.
# Everything (wrk, nginx, the gateways, the upstream) shares this machine's cores.
#
# Usage: bench/load/gateway.sh [--duration S] [--warmup S] [--connections "1 16 64"] [--parts echo,bridged,mrtr]
# Writes bench/results/gateway-<time>.md and prints it.
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DURATION=20; WARMUP=60; CONNECTIONS="1 16 64"; PARTS=echo,bridged,mrtr
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --parts) PARTS=$2; shift 2 ;;
    *) sed -n '2,/^set /p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; exit 1 ;;
  esac
done
for part in ${PARTS//,/ }; do
  case "$part" in echo|bridged|mrtr) ;; *) echo "gateway.sh: --parts takes echo, bridged, mrtr, not $part" >&2; exit 1 ;; esac
done
has() { [[ ",$PARTS," == *",$1,"* ]]; }
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
JVM=("$JAVA_HOME/bin/java" -Xms512m -Xmx512m --sun-misc-unsafe-memory-access=allow -jar "$JAR")

UP_PORT=$(free_port); GW_PORT=$(free_port)
start_mcp upstream "$WORK/upstream.log" "http://127.0.0.1:$UP_PORT/mcp" "${JVM[@]}" serve --port "$UP_PORT"
demo_gateway_config "$UP_PORT" >"$WORK/gateway.yaml"
start_mcp gateway "$WORK/gateway.log" "http://127.0.0.1:$GW_PORT/mcp" "${JVM[@]}" gateway --config "$WORK/gateway.yaml" --port "$GW_PORT"
DIRECT="http://127.0.0.1:$UP_PORT/mcp"; VIA="http://127.0.0.1:$GW_PORT/mcp"
if has echo; then start_nginx_proxy "$UP_PORT"; PROXY="http://127.0.0.1:$LB_PORT/mcp"; fi
if has bridged; then   # a second gateway, speaking the session era to the same upstream
  BR_PORT=$(free_port); demo_gateway_config "$UP_PORT" | sed 's/^    prefix: ""/&\n    era: session/' >"$WORK/bridged.yaml"
  start_mcp bridging-gateway "$WORK/bridged.log" "http://127.0.0.1:$BR_PORT/mcp" "${JVM[@]}" gateway --config "$WORK/bridged.yaml" --port "$BR_PORT"
  BRIDGED="http://127.0.0.1:$BR_PORT/mcp"
fi

# PATH → "URL|BODY|HEADERS|EXPECT|SESSIONS" (SESSIONS: a URL to open one session per wrk thread on)
declare -A PATHS
PATHS[direct]="$DIRECT|$ECHO_BODY|$ECHO_HEADERS|hello|"
PATHS[gateway]="$VIA|$ECHO_BODY|$ECHO_HEADERS|hello|"
if has echo; then PATHS[nginx]="$PROXY|$ECHO_BODY|$ECHO_HEADERS|hello|"; fi
if has bridged; then
  PATHS[to-session-upstream]="$BRIDGED|$ECHO_BODY|$ECHO_HEADERS|hello|"
  PATHS[session-direct]="$DIRECT|$SESSION_ECHO_BODY|$SESSION_HEADERS|hello|$DIRECT"
  PATHS[session-via-gateway]="$VIA|$SESSION_ECHO_BODY|$SESSION_HEADERS|hello|$VIA"
fi
if has mrtr; then
  GREET_HEADERS=${ECHO_HEADERS/Mcp-Name: echo/Mcp-Name: greet}
  GREET_ASK='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"greet","arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}}}'
  PATHS[ask-direct]="$DIRECT|$GREET_ASK|$GREET_HEADERS|input_required|"
  PATHS[ask-via-gateway]="$VIA|$GREET_ASK|$GREET_HEADERS|input_required|"
  PATHS[answer-direct]="$DIRECT|@retry|$GREET_HEADERS|Hello, bench!|"
  PATHS[answer-via-gateway]="$VIA|@retry|$GREET_HEADERS|Hello, bench!|"
fi

run() { # PATH CONNECTIONS SECONDS → RESULT line
  local url body headers expect sessions t=$(( $2 < 2 ? $2 : 2 )) ids=""
  IFS='|' read -r url body headers expect sessions <<<"${PATHS[$1]//$'\n'/$'\r'}"
  headers=${headers//$'\r'/$'\n'}
  [ -n "$sessions" ] && ids=$(sessions "$sessions" "$t")
  # a requestState expires: take a fresh one for each run of the answering leg
  [ "$body" = @retry ] && body=$(python3 "$SCRIPT_DIR/mcp_probe.py" mrtr-retry "$url")
  BENCH_BODY=$body BENCH_HEADERS=$headers BENCH_EXPECT=$expect BENCH_SESSION_IDS=$ids \
    wrk -t$t -c"$2" -d"$3s" --timeout 10s -s "$SCRIPT_DIR/mcp.lua" "$url" 2>&1 | grep '^RESULT '
}
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -1; }
MAXC=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
log "warm-up: upstream directly, ${WARMUP} s at $MAXC connections"; run direct "$MAXC" "$WARMUP" >/dev/null
log "warm-up: through the gateway, ${WARMUP} s at $MAXC connections"; run gateway "$MAXC" "$WARMUP" >/dev/null
if has bridged; then log "warm-up: the bridging gateway, ${WARMUP} s"; run to-session-upstream "$MAXC" "$WARMUP" >/dev/null; fi

declare -A ROW
measure() { # PATH... : a 10 s warm-up of each new path, then every point of each, back to back
  local c path res
  for path in "$@"; do
    if [ "$path" != direct ] && [ "$path" != gateway ] && [ "$path" != to-session-upstream ]; then
      run "$path" "$MAXC" 10 >/dev/null
    fi
  done
  for c in $CONNECTIONS; do for path in "$@"; do
    res=$(run "$path" "$c" "$DURATION")
    ROW[$path/$c]="$(kv "$res" rps) $(kv "$res" p50_ms) $(kv "$res" p99_ms) $(( $(kv "$res" non2xx) + $(kv "$res" rpc_errors) ))"
    log "$path at $c: ${ROW[$path/$c]}"
  done; done
}
has echo && measure direct nginx gateway
has bridged && { has echo || measure direct; measure to-session-upstream session-direct session-via-gateway; }
has mrtr && measure ask-direct ask-via-gateway answer-direct answer-via-gateway

{
  echo "# Gateway overhead, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores shared by wrk, nginx, the gateways and the upstream; ${WARMUP} s warm-up per JVM (+10 s per further workload), ${DURATION} s per point; JVMs -Xmx512m."
  if has echo; then
    echo; echo "## tools/call echo (2026-07-28): direct, through nginx (a reverse proxy hop), through the gateway"; echo
    paths_table path direct nginx gateway
  fi
  if has bridged; then
    echo; echo "## Bridged: a 2026-07-28 caller, the gateway speaking the session era upstream"; echo
    paths_table path direct to-session-upstream
    echo; echo "## Bridged: a session-era caller (one session per wrk thread), the gateway speaking 2026-07-28 upstream"; echo
    paths_table path session-direct session-via-gateway
  fi
  if has mrtr; then
    echo; echo "## One MRTR round of greet: the asking call, then the answering retry"; echo
    paths_table path ask-direct ask-via-gateway
    echo
    paths_table path answer-direct answer-via-gateway
    echo
    for c in $CONNECTIONS; do
      read -r _ a1 _ <<<"${ROW[ask-direct/$c]}"; read -r _ a2 _ <<<"${ROW[answer-direct/$c]}"
      read -r _ g1 _ <<<"${ROW[ask-via-gateway/$c]}"; read -r _ g2 _ <<<"${ROW[answer-via-gateway/$c]}"
      awk -v c="$c" -v d="$(awk -v x="$a1" -v y="$a2" 'BEGIN{print x+y}')" -v g="$(awk -v x="$g1" -v y="$g2" 'BEGIN{print x+y}')" \
        'BEGIN { printf "- %s connections: one round (ask + answer p50) directly %.3f ms, through the gateway %.3f ms, added %.3f ms\n", c, d, g, g - d }'
    done
  fi
} | tee "$REPORT"
log "report: $REPORT"
