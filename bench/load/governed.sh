#!/usr/bin/env bash
# Governance overhead: tools/call echo through `switchboard gateway` with governance OFF (plain
# forwarding) and ON (OAuth access token checked on every request, a policy bundle deciding every
# call, every decision recorded in a durable audit log), in one run on this machine, at several
# connection counts. Both gateways front the same `switchboard serve` (the demo server); both get
# the same warm-up (--warmup seconds each, at the highest connection count) before anything is
# measured; then each point is measured OFF and ON back to back.
#
# Usage: bench/load/governed.sh [--duration S] [--warmup S] [--connections "1 16 64"] [--rules N]
#                                [--parts auth,policy,audit] [--alg ES256|RS256]
# Writes bench/results/governed-<time>.md and prints it.
#
# ON is (--parts, default all three):
#   auth   = --auth-issuer (a local issuer, bench/load/issuer.py, serving RFC 8414 metadata and a
#            JWKS minted by bench/.../TokenMint.java) --auth-allow-local-issuer --auth-resource
#            (fixed) --auth-scope mcp; wrk sends one --alg token (default ES256) on every request
#   policy = --policy (N rules, default 50: one allows echo, the others name other tools)
#   audit  = --audit FILE --audit-key KEY (from `switchboard audit keygen`; one fsync per batch, each
#            call answered once its record is durable). Records are written per policy decision, so
#            audit without policy gets a one-rule bundle allowing echo (no condition): every call is
#            decided and recorded as in the full ON path, at the least policy cost
# The report gives each gateway's CPU per call (utime+stime from /proc, over each measured point) and
# context switches per call (all its threads). ON_JAVA_OPTS adds JVM options to ON (a profiler);
# SWITCHBOARD_JAR runs another CLI jar than this checkout's (to compare two builds).
# Before any load the script checks that ON enforces: no token gets 401 and a refusal record, the
# token gets the echo and an allow record. Details: bench/README.md ("Governed gateway end to end").
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DURATION=20; WARMUP=60; CONNECTIONS="1 16 64"; RULES=50; PARTS=auth,policy,audit; ALG=ES256
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --rules) RULES=$2; shift 2 ;;
    --parts) PARTS=$2; shift 2 ;;
    --alg) ALG=$2; shift 2 ;;
    *) sed -n '2,/^set /p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; exit 1 ;;
  esac
done
[ "$RULES" -ge 1 ] 2>/dev/null || { echo "governed.sh: --rules needs a number >= 1" >&2; exit 1; }
for part in ${PARTS//,/ }; do
  case "$part" in auth|policy|audit) ;; *) echo "governed.sh: --parts takes auth, policy, audit, not $part" >&2; exit 1 ;; esac
done
has() { [[ ",$PARTS," == *",$1,"* ]]; }
case "$ALG" in ES256|RS256) ;; *) echo "governed.sh: --alg is ES256 or RS256, not $ALG" >&2; exit 1 ;; esac
. "$REPO_ROOT/scripts/jdk.sh"
for tool in wrk python3; do command -v $tool >/dev/null || { echo "governed.sh: needs $tool" >&2; exit 1; }; done
if [ -n "${SWITCHBOARD_JAR:-}" ]; then JAR=$SWITCHBOARD_JAR   # another build, e.g. to compare two commits
else "$REPO_ROOT/switchboard" --version >/dev/null || exit 2; JAR="$REPO_ROOT/cli/target/switchboard.jar"; fi  # builds it if needed
WORK=$(mktemp -d /tmp/switchboard-governed-bench.XXXXXX)
RESULTS_DIR="$REPO_ROOT/bench/results"; mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/governed-$(date +%Y%m%d-%H%M%S).md"
. "$SCRIPT_DIR/procs.sh"

export BENCH_BODY=$ECHO_BODY
HEADERS=$ECHO_HEADERS
export BENCH_EXPECT=hello BENCH_SESSION_IDS=""
JAVA=("$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow)
JVM=("${JAVA[@]}" -Xms512m -Xmx512m -jar "$JAR")

UP_PORT=$(free_port); OFF_PORT=$(free_port); ON_PORT=$(free_port); ISS_PORT=$(free_port)
ISSUER="http://127.0.0.1:$ISS_PORT"; RESOURCE="http://127.0.0.1:$ON_PORT/mcp"

# The issuer: a fresh ALG key, its metadata and JWKS, and one access token for RESOURCE (24 h).
# TokenMint runs from source against the CLI jar (which holds Nimbus), so no bench build is needed.
"${JAVA[@]}" -cp "$JAR" "$REPO_ROOT/bench/src/main/java/dev/switchboard/bench/TokenMint.java" \
  "$WORK/issuer" "$ISSUER" "$RESOURCE" "$ALG" >/dev/null || { echo "could not mint the token" >&2; exit 1; }
TOKEN=$(cat "$WORK/issuer/token")
python3 "$SCRIPT_DIR/issuer.py" "$WORK/issuer" "$ISS_PORT" >"$WORK/issuer.log" 2>&1 &
PIDS+=($!)
python3 "$SCRIPT_DIR/mcp_probe.py" wait "$ISSUER/jwks.json" 10 >/dev/null || { echo "issuer did not start" >&2; exit 3; }

# The policy: RULES rules with CEL conditions over the principal and the arguments, as in
# PolicyBenchmark; the last one allows echo, the others name tools the call is not.
{
  echo "rules:"
  for i in $(seq 1 $((RULES - 1))); do
    printf '  - id: rule-%d\n    match: {tools: ["tool_%d"]}\n' "$i" "$i"
    printf '    when: principal.subject == "bench-user" && args.amount < %d && args.currency in ["EUR", "USD"]\n' $((1000 + i))
    printf '    effect: allow\n'
  done
  printf '  - id: echo\n    match: {tools: ["echo"]}\n'
  if has auth; then printf '    when: principal.subject == "bench-user" && "mcp" in principal.scopes && args.text != ""\n'
  else printf '    when: principal.subject == "anonymous" && args.text != ""\n'; fi   # no token, no subject
  printf '    effect: allow\n'
} >"$WORK/policy.yaml"
has policy || printf 'rules:\n  - id: echo\n    match: {tools: ["echo"]}\n    effect: allow\n' >"$WORK/policy.yaml"
"${JVM[@]}" audit keygen "$WORK/audit.key" >/dev/null || { echo "audit keygen failed" >&2; exit 1; }
AUDIT="$WORK/audit.jsonl"

start_mcp upstream "$WORK/upstream.log" "http://127.0.0.1:$UP_PORT/mcp" "${JVM[@]}" serve --port "$UP_PORT"
UP_PID=${PIDS[-1]}
demo_gateway_config "$UP_PORT" >"$WORK/gateway.yaml"
"${JVM[@]}" gateway --config "$WORK/gateway.yaml" --port "$OFF_PORT" >"$WORK/gateway-off.log" 2>&1 &
OFF_PID=$!; PIDS+=($OFF_PID)
ON_ARGS=(); DESCRIBE=()
has auth && ON_ARGS+=(--auth-issuer "$ISSUER" --auth-allow-local-issuer --auth-resource "$RESOURCE" --auth-scope mcp) \
  && DESCRIBE+=("OAuth ($ALG JWT, warm JWKS, scope mcp)")
has policy && ON_ARGS+=(--policy "$WORK/policy.yaml") && DESCRIBE+=("policy ($RULES rules, one allows echo)")
has audit && ON_ARGS+=(--audit "$AUDIT" --audit-key "$WORK/audit.key") \
  && DESCRIBE+=("audit log (file, one fsync per batch, each call answered once its record is durable)")
has audit && ! has policy && ON_ARGS+=(--policy "$WORK/policy.yaml") \
  && DESCRIBE+=("a one-rule bundle allowing echo, so every call is decided and recorded")
[ ${#ON_ARGS[@]} -gt 0 ] || { echo "governed.sh: --parts names nothing to turn on" >&2; exit 1; }
"${JAVA[@]}" ${ON_JAVA_OPTS:-} -Xms512m -Xmx512m -jar "$JAR" gateway --config "$WORK/gateway.yaml" --port "$ON_PORT" "${ON_ARGS[@]}" \
  >"$WORK/gateway-on.log" 2>&1 &
ON_PID=$!; PIDS+=($ON_PID)
OFF="http://127.0.0.1:$OFF_PORT/mcp"; ON="$RESOURCE"
for url in "$OFF" "$ON"; do
  python3 "$SCRIPT_DIR/mcp_probe.py" wait "$url" 90 >/dev/null || {
    echo "gateway at $url did not start" >&2; cat "$WORK"/gateway-*.log >&2; exit 3; }
done

# Does ON enforce? (before any load)
# the log and the segments it rotated out (audit.FIRST-LAST.jsonl)
count() { local n; n=$(cat "$WORK"/audit.[0-9]*-[0-9]*.jsonl "$AUDIT" 2>/dev/null | grep -c "$1"); echo "${n:-0}"; }
await_count() { # PATTERN MIN: wait up to 10 s for the audit writer
  for _ in $(seq 1 100); do [ "$(count "$1")" -ge "$2" ] && return 0; sleep 0.1; done; return 1
}
RECORDS=false; has audit && RECORDS=true   # a decision record per successful call
python3 "$SCRIPT_DIR/mcp_probe.py" stateless "$OFF" >/dev/null || { echo "OFF gateway: wrong answer" >&2; exit 3; }
if has auth; then
  python3 "$SCRIPT_DIR/mcp_probe.py" unauthorized "$ON" >&2 || { echo "ON gateway does not refuse a call without a token" >&2; exit 3; }
  if has audit; then
    await_count '"type":"refusal"' 1 || { echo "ON gateway: the 401 left no refusal record in $AUDIT" >&2; exit 3; }
  fi
fi
python3 "$SCRIPT_DIR/mcp_probe.py" stateless "$ON" $(has auth && echo "$TOKEN") >&2 || {
  echo "ON gateway: the call failed" >&2; cat "$WORK/gateway-on.log" >&2; exit 3; }
if $RECORDS; then
  await_count '"decision":"allow"' 1 || { echo "ON gateway: the call left no allow record in $AUDIT" >&2; exit 3; }
fi
log "ON ($PARTS) enforces:$(has auth && echo ' 401 without a token,') echo with $(has auth && echo 'it' || echo 'the call')$($RECORDS && echo ', records in the audit log')"

run() { # URL CONNECTIONS SECONDS HEADERS → RESULT line
  local t=$(( $2 < 2 ? $2 : 2 ))
  BENCH_HEADERS=$4 wrk -t$t -c"$2" -d"$3s" --timeout 10s -s "$SCRIPT_DIR/mcp.lua" "$1" 2>&1 | grep '^RESULT '
}
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -1; }
errors() { echo $(( $(kv "$1" non2xx) + $(kv "$1" rpc_errors) + $(kv "$1" connect_errors) + $(kv "$1" read_errors) \
  + $(kv "$1" write_errors) + $(kv "$1" timeouts) )); }
ON_HEADERS="$HEADERS"; has auth && ON_HEADERS+=$'\n'"Authorization: Bearer $TOKEN"
ON_CALLS=1; ON_OK=1   # the probe's: calls wrk completed, and those that succeeded (each has a decision record)
# The audit writer may still be behind when a run ends (its queue holds up to 10,000 records): wait
# until every successful call so far has its record, so that no point pays for the previous one's
# backlog and the OFF points do not share the cores with the writer catching up.
DRAINS=()
await_audit() {
  $RECORDS || return 0
  local start=$SECONDS
  while [ "$(count '"type":"decision"')" -lt "$ON_OK" ]; do
    if [ $((SECONDS - start)) -ge "${AUDIT_DRAIN_TIMEOUT:-300}" ]; then
      log "the audit log is still behind after $((SECONDS - start)) s ($(count '"type":"decision"') of $ON_OK records); going on"
      break
    fi
    sleep 0.5
  done
  [ $((SECONDS - start)) -gt 0 ] && DRAINS+=("$1: $((SECONDS - start)) s")
  return 0
}
on_run() { # CONNECTIONS SECONDS → RESULT line; counts the calls
  local res; res=$(run "$ON" "$1" "$2" "$ON_HEADERS")
  ON_CALLS=$(( ON_CALLS + $(kv "$res" requests) )); ON_OK=$(( ON_OK + $(kv "$res" requests) - $(errors "$res") ))
  echo "$res"
}
MAXC=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
log "warm-up: governance off, ${WARMUP} s at $MAXC connections"; run "$OFF" "$MAXC" "$WARMUP" "$HEADERS" >/dev/null
log "warm-up: governance on, ${WARMUP} s at $MAXC connections"; on_run "$MAXC" "$WARMUP" >"$WORK/res"; res=$(cat "$WORK/res")
log "warm-up on: $(kv "$res" rps) req/s, errors $(errors "$res")"

# A process's CPU time in clock ticks (utime + stime) and its threads' context switches, from /proc.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/_ctxt_switches:/ { n += $2 } END { print n + 0 }'; }
TICK=$(getconf CLK_TCK)
declare -A ROW CPU; ERRORS=0
for c in $CONNECTIONS; do
  for path in off on; do
    await_audit "before $path at $c"
    pid=$OFF_PID; [ "$path" = on ] && pid=$ON_PID
    t0=$(cpu_ticks "$pid"); s0=$(switches "$pid"); u0=$(cpu_ticks "$UP_PID")
    if [ "$path" = on ]; then on_run "$c" "$DURATION" >"$WORK/res"; res=$(cat "$WORK/res")
    else res=$(run "$OFF" "$c" "$DURATION" "$HEADERS"); fi
    t1=$(cpu_ticks "$pid"); s1=$(switches "$pid"); u1=$(cpu_ticks "$UP_PID")
    errs=$(errors "$res")
    ERRORS=$(( ERRORS + errs ))
    ROW[$path/$c]="$(kv "$res" rps) $(kv "$res" p50_ms) $(kv "$res" p99_ms) $errs"
    CPU[$path/$c]=$(awk -v n="$(kv "$res" requests)" -v g=$((t1 - t0)) -v s=$((s1 - s0)) -v u=$((u1 - u0)) -v hz="$TICK" \
      'BEGIN { if (n < 1) n = 1; printf "%.0f %.2f %.0f", g * 1e6 / hz / n, s / n, u * 1e6 / hz / n }')
    log "$path at $c: ${ROW[$path/$c]} (cpu us/call, switches/call, upstream us/call: ${CPU[$path/$c]})"
  done
done

# Stop ON first, so the auditor drains its queue (up to 10 s) and the log can be counted.
log "stopping the governed gateway (its auditor drains the queue)"
kill "$ON_PID" 2>/dev/null; wait "$ON_PID" 2>/dev/null
DECISIONS=$(count '"type":"decision"'); REFUSALS=$(count '"type":"refusal"'); CHECKPOINTS=$(count '"type":"checkpoint"')
NOT_WRITTEN=$(grep -c 'audit record not written' "$WORK/gateway-on.log")
WHY_NOT=$(grep -o 'audit record not written ([^;]*' "$WORK/gateway-on.log" | sed 's/audit record not written (//' | sort | uniq -c)
SYNCS=$(grep -o 'audit: [0-9]* records ([0-9]* checkpoints) in [0-9]* syncs' "$WORK/gateway-on.log" | tail -1 \
  | awk '{ printf "%s records in %s fsyncs (%.1f per fsync)", $2, $7, ($7 > 0 ? $2 / $7 : 0) }')

{
  echo "# Governance overhead, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores shared by wrk, both gateways and the upstream; ${WARMUP} s warm-up per path, ${DURATION} s per point;"
  echo "tools/call echo (2026-07-28) through \`switchboard gateway\`; JVMs -Xmx512m."
  echo "ON = $(IFS=+; echo "${DESCRIBE[*]}" | sed 's/+/ + /g')."
  echo
  paths_table governance off on
  echo
  echo "CPU per call (each process's utime + stime over the point, divided by the calls wrk completed) and context"
  echo "switches per call (all the gateway's threads); the upstream serves both paths:"
  echo
  echo "| connections | governance | gateway CPU us/call | gateway switches/call | upstream CPU us/call |"
  echo "|---:|---|---:|---:|---:|"
  for c in $CONNECTIONS; do for path in off on; do
    read -r g s u <<<"${CPU[$path/$c]}"; echo "| $c | $path | $g | $s | $u |"
  done; done
  if has audit; then
    echo
    echo "Audit log after the governed gateway stopped: $DECISIONS decision records for $ON_CALLS calls that wrk"
    echo "completed, $ON_OK of them successful (probe, warm-up and measured; calls still in flight when wrk stops are"
    echo "recorded but not counted, calls refused because the audit queue stayed full are counted but leave no record);"
    echo "$REFUSALS refusal(s), $CHECKPOINTS checkpoint(s); $NOT_WRITTEN record(s) the gateway logged as not written."
    [ -n "$SYNCS" ] && echo "Group commit over the whole run: $SYNCS."
    [ -n "$WHY_NOT" ] && { echo; echo "Why not written (count, reason):"; echo; sed 's/^ */    /' <<<"$WHY_NOT"; }
  fi
  if [ ${#DRAINS[@]} -gt 0 ]; then
    echo
    echo "Waits for the audit writer to catch up before a point (its backlog from the ON run before):"
    for d in "${DRAINS[@]}"; do echo "- $d"; done
  fi
} | tee "$REPORT"
log "report: $REPORT"
[ "$ERRORS" -eq 0 ] || { log "errors were counted under load (see the errors column)"; exit 4; }
