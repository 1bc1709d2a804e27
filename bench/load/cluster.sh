#!/usr/bin/env bash
# Scale-out benchmark: what sharing state through Redis costs, and what 1 vs 3 instances behind
# nginx give, in one run on this machine. Configurations, each started alone, warmed up for
# --warmup seconds with the same load it is then measured with, and stopped:
#   embedded-1  one instance, in-process state (the single-node baseline)
#   redis-1     one instance on Redis
#   redis-3     three instances on Redis
# all behind the same nginx (round robin), so the ratios compare the store and the instance count,
# not the extra hop.
# Loads: "modern" = 2026-07-28 tools/call echo (stateless: touches no shared state) and
# "session" = session-era tools/call echo with a Mcp-Session-Id (every request checks the
# session's revocation in the store). Redis commands per request come from INFO commandstats.
#
# Usage: bench/load/cluster.sh [--duration S] [--warmup S] [--connections C]
# Writes bench/results/cluster-<time>.md and prints it.
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DURATION=30; WARMUP=60; CONNECTIONS=64
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 1 ;;
  esac
done
. "$REPO_ROOT/scripts/jdk.sh"
for tool in wrk redis-server redis-cli python3; do command -v $tool >/dev/null || { echo "cluster.sh: needs $tool" >&2; exit 1; }; done
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX_BIN" ] || { echo "cluster.sh: needs nginx" >&2; exit 1; }
"$REPO_ROOT/switchboard" --version >/dev/null || exit 2   # builds the CLI jar if needed
JAR="$REPO_ROOT/cli/target/switchboard.jar"
WORK=$(mktemp -d /tmp/switchboard-cluster-bench.XXXXXX)
RESULTS_DIR="$REPO_ROOT/bench/results"; mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/cluster-$(date +%Y%m%d-%H%M%S).md"
. "$SCRIPT_DIR/procs.sh"

start_redis() {
  REDIS_PORT=$(free_port); mkdir -p "$WORK/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly yes --dir "$WORK/redis" --daemonize no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis did not start" >&2; exit 3
}

# start_instances N STATE: N instances, ports in INSTANCE_PORTS
start_instances() {
  local n=$1 state=$2 i port args
  INSTANCE_PORTS=()
  "$REPO_ROOT/switchboard" keys new --force "$WORK/keys.json" >/dev/null
  for i in $(seq 1 "$n"); do
    port=$(free_port); INSTANCE_PORTS+=("$port")
    args=(serve --port "$port" --keys "$WORK/keys.json" --instances "$n")
    [ "$state" = redis ] && args+=(--state "redis://127.0.0.1:$REDIS_PORT")
    "$JAVA_HOME/bin/java" -Xms512m -Xmx512m --sun-misc-unsafe-memory-access=allow -jar "$JAR" "${args[@]}" >"$WORK/instance-$i.log" 2>&1 &
    PIDS+=($!)
  done
  for port in "${INSTANCE_PORTS[@]}"; do
    python3 "$SCRIPT_DIR/mcp_probe.py" wait "http://127.0.0.1:$port/mcp" 90 >/dev/null || { echo "instance on $port did not start" >&2; exit 3; }
  done
}

redis_calls() { [ -n "${REDIS_PORT:-}" ] && redis-cli -p "$REDIS_PORT" info commandstats | sed -n 's/^cmdstat_[a-z]*:calls=\([0-9]*\).*/\1/p' | awk '{s+=$1} END {print s+0}' || echo 0; }

# run LOAD URL SECONDS: prints the RESULT line
run() {
  local load=$1 url=$2 secs=$3 t=2
  if [ "$load" = session ]; then
    export BENCH_BODY=$SESSION_ECHO_BODY BENCH_HEADERS=$SESSION_HEADERS BENCH_SESSION_IDS=$(sessions "$url" $t)
  else
    export BENCH_BODY=$ECHO_BODY BENCH_HEADERS=$ECHO_HEADERS BENCH_SESSION_IDS=""
  fi
  export BENCH_EXPECT=hello
  wrk -t$t -c"$CONNECTIONS" -d"${secs}s" --timeout 10s -s "$SCRIPT_DIR/mcp.lua" "$url" 2>&1 | grep '^RESULT '
}
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -1; }

declare -A ROW
bench() { # NAME INSTANCES STATE
  local name=$1 n=$2 state=$3 url load before after res calls
  log "$name: starting"
  [ "$state" = redis ] && start_redis || REDIS_PORT=""
  start_instances "$n" "$state"
  start_nginx_proxy "${INSTANCE_PORTS[@]}"; url="http://127.0.0.1:$LB_PORT/mcp"
  for load in modern session; do
    log "$name/$load: warm-up ${WARMUP} s"
    run "$load" "$url" "$WARMUP" >/dev/null
    before=$(redis_calls)
    log "$name/$load: measuring ${DURATION} s at $CONNECTIONS connections"
    res=$(run "$load" "$url" "$DURATION")
    after=$(redis_calls)
    calls=$(awk -v a="$after" -v b="$before" -v r="$(kv "$res" requests)" 'BEGIN { if (r > 0) printf "%.2f", (a - b) / r; else print "-" }')
    ROW[$name/$load]="$(kv "$res" rps) $(kv "$res" p50_ms) $(kv "$res" p99_ms) $(( $(kv "$res" non2xx) + $(kv "$res" rpc_errors) )) $calls"
    log "$name/$load: ${ROW[$name/$load]}"
  done
  stop_all
}

bench embedded-1 1 embedded
bench redis-1 1 redis
bench redis-3 3 redis

{
  echo "# Scale-out benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores; ${WARMUP} s warm-up and ${DURATION} s measured per configuration and load; wrk 2 threads, $CONNECTIONS connections; tools/call echo; JVMs -Xmx512m."
  echo
  echo "| configuration | load | req/s | p50 ms | p99 ms | errors | Redis commands / request |"
  echo "|---|---|---|---|---|---|---|"
  for name in embedded-1 redis-1 redis-3; do for load in modern session; do
    read -r rps p50 p99 errs calls <<<"${ROW[$name/$load]}"
    echo "| $name | $load | $rps | $p50 | $p99 | $errs | $calls |"
  done; done
  echo
  for load in modern session; do
    read -r e _ <<<"${ROW[embedded-1/$load]}"; read -r r1 _ <<<"${ROW[redis-1/$load]}"; read -r r3 _ <<<"${ROW[redis-3/$load]}"
    awk -v l="$load" -v e="$e" -v r1="$r1" -v r3="$r3" 'BEGIN { printf "- %s: redis-1 / embedded-1 = %.2f; redis-3 / redis-1 = %.2f\n", l, r1 / e, r3 / r1 }'
  done
} | tee "$REPORT"
log "report: $REPORT"
