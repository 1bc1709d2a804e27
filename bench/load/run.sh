#!/usr/bin/env bash
# Switchboard load harness: in one run, side by side,
#   nginx  - fixed JSON-RPC tools/call result (the ceiling of this machine + wrk),
#   ours   - Switchboard (stateless MCP 2026-07-28, one POST per tools/call),
#   peer   - the official MCP Java SDK 2.1.0 on Jetty (session era: initialize, then Mcp-Session-Id),
# each started alone, warmed up, measured with wrk at 1, 16 and 64 connections, and stopped.
# See bench/README.md.
#
# Usage: bench/load/run.sh [--duration S] [--warmup S] [--only ours,peer,nginx]
# Environment (all optional):
#   SWITCHBOARD_SERVE_CMD  command that starts our server; {PORT} is replaced
#                          (default: <repo>/switchboard serve --port {PORT})
#   JVM_OPTS               heap/JVM flags for every JVM server (default: -Xms512m -Xmx512m);
#                          passed to ours as JAVA_OPTS and to the peer's java command line
#   BENCH_JAVA_HOME        JDK for the JVM servers and the peer build (default: newest JDK >= 21 found)
#   NGINX_WARMUP           nginx warm-up seconds (default: 5, at most --warmup)
#   NGINX_WORKERS          nginx worker_processes (default: auto = one per core)
#   CONCURRENCY            connection counts (default: "1 16 64"); wrk threads = min(2, connections)
#   STARTUP_TIMEOUT        seconds a server may take to answer HTTP (default: 90)
#   RESULTS_DIR            where the report goes (default: <repo>/bench/results)
# Exit status: 0 all good; 1 bad usage or setup; 2 our launcher is missing; 3 a server failed to
# start or to answer correctly; 4 errors were counted under load.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
PEER_DIR="$REPO_ROOT/bench/peer-java-sdk"
PEER_JAR="$PEER_DIR/target/peer-java-sdk.jar"
PROBE=("python3" "$SCRIPT_DIR/mcp_probe.py")
LUA="$SCRIPT_DIR/mcp.lua"

DURATION=30
WARMUP=60
ONLY="nginx,ours,peer"
NGINX_WARMUP=${NGINX_WARMUP:-5}
NGINX_WORKERS=${NGINX_WORKERS:-auto}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-90}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m"}
RESULTS_DIR=${RESULTS_DIR:-"$REPO_ROOT/bench/results"}
SWITCHBOARD_SERVE_CMD=${SWITCHBOARD_SERVE_CMD:-"$REPO_ROOT/switchboard serve --port {PORT}"}
# The default java on these machines is 17: use BENCH_JAVA_HOME, else the project's JDK finder.
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
    export JAVA_HOME=$BENCH_JAVA_HOME
else
    . "$REPO_ROOT/scripts/jdk.sh"
fi
export MAVEN_OPTS=${MAVEN_OPTS:-"--sun-misc-unsafe-memory-access=allow"}

usage() {
    sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die() { echo "run.sh: error: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=${2:-}; shift 2 || die "--duration needs a value" ;;
        --duration=*) DURATION=${1#*=}; shift ;;
        --warmup) WARMUP=${2:-}; shift 2 || die "--warmup needs a value" ;;
        --warmup=*) WARMUP=${1#*=}; shift ;;
        --only) ONLY=${2:-}; shift 2 || die "--only needs a value" ;;
        --only=*) ONLY=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_uint "$DURATION" && [ "$DURATION" -ge 1 ] || die "--duration must be a whole number of seconds >= 1"
is_uint "$WARMUP" || die "--warmup must be a whole number of seconds"
is_uint "$NGINX_WARMUP" || die "NGINX_WARMUP must be a whole number of seconds"
is_uint "$STARTUP_TIMEOUT" || die "STARTUP_TIMEOUT must be a whole number of seconds"
[ "$NGINX_WARMUP" -le "$WARMUP" ] || NGINX_WARMUP=$WARMUP
for c in $CONCURRENCY; do is_uint "$c" && [ "$c" -ge 1 ] || die "bad CONCURRENCY entry: $c"; done

# Servers in a fixed order (the ceiling first), filtered by --only.
SERVERS=()
IFS=',' read -r -a wanted <<<"$ONLY"
for w in "${wanted[@]}"; do
    case "$w" in nginx|ours|peer) ;; "") ;; *) die "--only takes nginx, ours and peer, not '$w'" ;; esac
done
for s in nginx ours peer; do
    for w in "${wanted[@]}"; do [ "$w" = "$s" ] && SERVERS+=("$s") && break; done
done
[ ${#SERVERS[@]} -gt 0 ] || die "--only selected no server"
wants() { local s; for s in "${SERVERS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------------------------------------------
# Preflight: tools, our launcher, the peer jar. Fail before any server starts.

ensure_tools() {
    local missing=() t
    command -v wrk >/dev/null || missing+=(wrk)
    if wants nginx && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then missing+=(nginx); fi
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "installing ${missing[*]} with apt-get"
            timeout 300 apt-get update -qq >&2 || die "apt-get update failed; install ${missing[*]} by hand"
            DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >&2 \
                || die "apt-get install ${missing[*]} failed; install them by hand"
        else
            die "missing ${missing[*]} and apt-get is not usable here (not root or no apt): install them first"
        fi
    fi
    for t in python3 timeout setsid ps awk; do
        command -v "$t" >/dev/null || die "missing required tool: $t"
    done
    NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
}

check_java() {
    [ -x "$JAVA_HOME/bin/java" ] || die "no JDK at JAVA_HOME=$JAVA_HOME (set BENCH_JAVA_HOME to a JDK 21+)"
    local v
    v=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
    [ "${v%%.*}" -ge 21 ] 2>/dev/null || die "JDK at $JAVA_HOME is $v; the peer needs 21+"
}

check_ours() {
    local first
    first=$(awk '{print $1}' <<<"$SWITCHBOARD_SERVE_CMD")
    if [[ "$first" == */* ]]; then
        [ -x "$first" ] && [ -f "$first" ] && return 0
    else
        command -v "$first" >/dev/null && return 0
    fi
    cat >&2 <<EOF
run.sh: error: our server's launcher '$first' is missing or not executable.
  SWITCHBOARD_SERVE_CMD='$SWITCHBOARD_SERVE_CMD'
  Build the launcher first, point SWITCHBOARD_SERVE_CMD at a command that serves MCP on {PORT},
  or leave ours out: --only nginx,peer
EOF
    exit 2
}

build_peer() {
    if [ -f "$PEER_JAR" ] && [ -z "$(find "$PEER_DIR/pom.xml" "$PEER_DIR/src" -newer "$PEER_JAR" -print -quit)" ]; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn is needed to build $PEER_JAR"
    log "building the peer (official MCP Java SDK) jar: mvn -f $PEER_DIR/pom.xml package"
    (cd "$PEER_DIR" && timeout 900 mvn -q -B package -DskipTests >&2) || die "peer build failed"
    [ -f "$PEER_JAR" ] || die "peer build produced no $PEER_JAR"
}

ensure_tools
wants ours && check_ours
if wants ours || wants peer; then check_java; fi
wants peer && build_peer

# ---------------------------------------------------------------------------------------------------
# Process control: one server at a time, in its own process group, stopped by PID on any exit.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX") || die "mktemp failed"
CUR_PID=""
CUR_NAME=""
LOAD_PID=""

stop_server() {
    local pid=$CUR_PID name=$CUR_NAME i
    [ -n "$pid" ] || return 0
    CUR_PID=""
    if kill -0 "$pid" 2>/dev/null; then
        if [ "$name" = nginx ]; then
            kill -QUIT "$pid" 2>/dev/null                 # graceful nginx shutdown
        else
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
        fi
        for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) did not stop in 15 s: SIGKILL"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
        fi
    fi
    # Leftovers of the process group (e.g. a launcher that forked java, nginx workers).
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$LOAD_PID" ]; then
        kill -TERM "$LOAD_PID" 2>/dev/null   # timeout(1) passes it on to wrk
        wait "$LOAD_PID" 2>/dev/null
    fi
    stop_server
    if [ -n "${KEEP_WORK:-}" ]; then
        log "work dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# start_bg NAME LOG CMD...: start CMD in a new session (so its PID is its process-group id).
start_bg() {
    local name=$1 logf=$2
    shift 2
    setsid "$@" >"$logf" 2>&1 </dev/null &
    CUR_PID=$!
    CUR_NAME=$name
}

# Descendants of a PID, itself included.
tree_pids() {
    ps -e -o pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END {
            want[root] = 1; changed = 1
            while (changed) { changed = 0
                for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 1; changed = 1 } }
            for (p in want) print p
        }'
}

# Peak resident set (VmHWM) of the server's process tree, in kB (summed over its processes).
tree_hwm_kb() {
    local sum=0 p v
    for p in $(tree_pids "$1"); do
        v=$(awk '/^VmHWM:/{print $2}' "/proc/$p/status" 2>/dev/null)
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}

# ---------------------------------------------------------------------------------------------------
# Requests

STATELESS_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
STATELESS_HEADERS=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2026-07-28\nMcp-Method: tools/call\nMcp-Name: echo'
SESSION_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
PEER_PROTOCOL_VERSION=${PEER_PROTOCOL_VERSION:-2025-06-18}
NGINX_RESPONSE='{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}],"isError":false}}'

write_nginx_conf() {
    local d=$1 port=$2
    mkdir -p "$d/client_body_temp" "$d/proxy_temp" "$d/fastcgi_temp" "$d/uwsgi_temp" "$d/scgi_temp"
    chmod 755 "$d"
    cat >"$d/nginx.conf" <<EOF
daemon off;
worker_processes $NGINX_WORKERS;
pid $d/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    default_type application/json;
    access_log off;
    client_body_temp_path $d/client_body_temp;
    proxy_temp_path $d/proxy_temp;
    fastcgi_temp_path $d/fastcgi_temp;
    uwsgi_temp_path $d/uwsgi_temp;
    scgi_temp_path $d/scgi_temp;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        location = /mcp { return 200 '$NGINX_RESPONSE'; }
        location / { return 404; }
    }
}
EOF
}

# start_server NAME PORT: start it, leave its PID in CUR_PID.
start_server() {
    local name=$1 port=$2 d="$WORK/$1" cmd
    mkdir -p "$d"
    case "$name" in
        nginx)
            write_nginx_conf "$d" "$port"
            "$NGINX_BIN" -t -q -e stderr -p "$d" -c "$d/nginx.conf" >"$d/nginx-t.log" 2>&1 \
                || { cat "$d/nginx-t.log" >&2; return 1; }
            start_bg nginx "$d/server.log" "$NGINX_BIN" -e stderr -p "$d" -c "$d/nginx.conf"
            ;;
        ours)
            cmd=${SWITCHBOARD_SERVE_CMD//\{PORT\}/$port}
            echo "$cmd" >"$d/command"
            start_bg ours "$d/server.log" env JAVA_HOME="$JAVA_HOME" JAVA_OPTS="$JVM_OPTS" bash -c "exec $cmd"
            ;;
        peer)
            # shellcheck disable=SC2086  # JVM_OPTS is a list of flags
            start_bg peer "$d/server.log" "$JAVA_HOME/bin/java" $JVM_OPTS -jar "$PEER_JAR" --port "$port" --host 127.0.0.1
            ;;
    esac
}

# Fresh Mcp-Session-Id values for the peer, one per wrk thread; prints them comma-separated.
peer_sessions() {
    local url=$1 n=$2 i sid ids=()
    for i in $(seq 1 "$n"); do
        sid=$("${PROBE[@]}" session "$url" "$PEER_PROTOCOL_VERSION" | awk '{print $1}') || return 1
        [ -n "$sid" ] || return 1
        ids+=("$sid")
    done
    (IFS=,; echo "${ids[*]}")
}

# load NAME URL CONNECTIONS SECONDS OUTFILE: one wrk run; the RESULT line goes to OUTFILE.
load() {
    local name=$1 url=$2 c=$3 secs=$4 out=$5 t sessions=""
    t=$(( c < 2 ? c : 2 ))
    if [ "$name" = peer ]; then
        sessions=$(peer_sessions "$url" "$t") || { echo "could not open peer sessions" >"$out"; return 1; }
        export BENCH_BODY=$SESSION_BODY
        export BENCH_HEADERS=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: '"$PEER_PROTOCOL_VERSION"
    else
        export BENCH_BODY=$STATELESS_BODY
        export BENCH_HEADERS=$STATELESS_HEADERS
    fi
    export BENCH_SESSION_IDS=$sessions
    export BENCH_EXPECT=hello
    # In the background, so that a signal to this script is handled at once (bash runs traps only
    # between foreground commands, but interrupts `wait`); cleanup() stops it.
    timeout --kill-after=5 $((secs + 60)) wrk -t"$t" -c"$c" -d"${secs}s" --timeout 10s -s "$LUA" "$url" >"$out" 2>&1 &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=""
    grep -q '^RESULT ' "$out"
}

kv() { sed -n "s/^RESULT.* $2=\([^ ]*\).*/\1/p; s/^RESULT $2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }

declare -A RPS P50 P99 ERRS RSS STATUS STARTUP WARM RAW
RC=0

bench_server() {
    local name=$1 port url d t0 t1 out line c warm errs
    port=$(free_port) || die "no free port"
    url="http://127.0.0.1:$port/mcp"
    d="$WORK/$name"
    log "== $name: starting on 127.0.0.1:$port"
    t0=$(date +%s.%N)
    if ! start_server "$name" "$port"; then
        STATUS[$name]="failed to start"; RC=3; stop_server; return
    fi
    if ! "${PROBE[@]}" wait "$url" "$STARTUP_TIMEOUT" "$CUR_PID"; then
        log "$name did not come up; last lines of its log:"; tail -n 30 "$d/server.log" >&2
        STATUS[$name]="did not answer within ${STARTUP_TIMEOUT} s"; RC=3; stop_server; return
    fi
    t1=$(date +%s.%N)
    STARTUP[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    log "$name answers after ${STARTUP[$name]} s (pid $CUR_PID); verifying one tools/call"

    # Verify once, before any load, that the answer is right.
    local ok=1
    if [ "$name" = peer ]; then
        local sid ver
        read -r sid ver < <("${PROBE[@]}" session "$url" "$PEER_PROTOCOL_VERSION") || ok=0
        if [ "$ok" = 1 ] && [ -n "${sid:-}" ]; then
            log "peer: session $sid, protocol $ver"
            "${PROBE[@]}" session-call "$url" "$sid" "$ver" >&2 || ok=0
        else
            ok=0
        fi
    else
        "${PROBE[@]}" stateless "$url" >&2 || ok=0
    fi
    if [ "$ok" = 0 ]; then
        tail -n 30 "$d/server.log" >&2
        STATUS[$name]="wrong or failed answer to tools/call"; RC=3; stop_server; return
    fi

    # Warm-up at the highest concurrency: the same length for every JVM server, short for nginx.
    local maxc=0
    for c in $CONCURRENCY; do [ "$c" -gt "$maxc" ] && maxc=$c; done
    warm=$WARMUP
    [ "$name" = nginx ] && warm=$NGINX_WARMUP
    if [ "$warm" -gt 0 ]; then
        log "$name: warm-up ${warm} s at $maxc connections"
        out="$d/warmup.txt"
        if load "$name" "$url" "$maxc" "$warm" "$out"; then
            line=$(grep '^RESULT ' "$out")
            errs=$(( $(kv "$line" non2xx) + $(kv "$line" rpc_errors) + $(kv "$line" timeouts) ))
            WARM[$name]="${warm} s at $maxc conn: $(kv "$line" rps) req/s, $errs errors"
        else
            cat "$out" >&2
            WARM[$name]="failed"
        fi
        log "$name: warm-up: ${WARM[$name]}"
    else
        WARM[$name]="none"
    fi

    for c in $CONCURRENCY; do
        if ! kill -0 "$CUR_PID" 2>/dev/null; then
            log "$name died during the run"; tail -n 30 "$d/server.log" >&2
            STATUS[$name]="died during the run"; RC=3; break
        fi
        out="$d/c$c.txt"
        log "$name: ${DURATION} s at $c connection(s), $(( c < 2 ? c : 2 )) wrk thread(s)"
        if ! load "$name" "$url" "$c" "$DURATION" "$out"; then
            cat "$out" >&2
            STATUS[$name]="wrk failed at $c connections"; RC=3; continue
        fi
        line=$(grep '^RESULT ' "$out")
        RAW[$name:$c]=$line
        RPS[$name:$c]=$(kv "$line" rps)
        P50[$name:$c]=$(kv "$line" p50_ms)
        P99[$name:$c]=$(kv "$line" p99_ms)
        errs=$(( $(kv "$line" non2xx) + $(kv "$line" rpc_errors) + $(kv "$line" connect_errors) \
                 + $(kv "$line" read_errors) + $(kv "$line" write_errors) + $(kv "$line" timeouts) ))
        ERRS[$name:$c]=$errs
        [ "$errs" -gt 0 ] && [ "$RC" = 0 ] && RC=4
        RSS[$name:$c]=$(tree_hwm_kb "$CUR_PID")
        log "$name @ $c: ${RPS[$name:$c]} req/s, p50 ${P50[$name:$c]} ms, p99 ${P99[$name:$c]} ms, $errs errors, peak RSS $(( ${RSS[$name:$c]} / 1024 )) MB"
    done
    [ -n "${STATUS[$name]:-}" ] || STATUS[$name]="ok"
    stop_server
    log "== $name: stopped"
}

# ---------------------------------------------------------------------------------------------------
# Report

fmt() { # fmt PRINTF_FORMAT VALUE  (n/a when empty)
    if [ -z "${2:-}" ]; then echo "n/a"; else awk -v v="$2" -v f="$1" 'BEGIN{printf f, v}'; fi
}
ratio() { # ratio A B -> A/B as 0.00x, n/a when missing
    if [ -z "${1:-}" ] || [ -z "${2:-}" ]; then echo "n/a"; return; fi
    awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "n/a" }'
}

report() {
    local c s
    echo "# Switchboard load run $STAMP"
    echo
    echo "- servers: ${SERVERS[*]}; connections: $CONCURRENCY (wrk threads = min(2, connections)); ${DURATION} s per point"
    echo "- warm-up: ${WARMUP} s per JVM server, ${NGINX_WARMUP} s for nginx, at the highest concurrency, before the measured points"
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
    echo "- tools: $(wrk -v 2>&1 | head -1 | awk '{print "wrk", $2}'), $("$NGINX_BIN" -v 2>&1 | sed 's/.*version: //')"
    if wants ours || wants peer; then
        echo "- JVM: $("$JAVA_HOME/bin/java" -version 2>&1 | head -2 | tail -1); JVM_OPTS=\`$JVM_OPTS\`"
    fi
    wants ours && echo "- ours: \`$SWITCHBOARD_SERVE_CMD\` (JAVA_OPTS=JVM_OPTS); repo $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git -C "$REPO_ROOT" status --porcelain 2>/dev/null | head -1)" ] && echo ' (dirty tree)')"
    wants peer && echo "- peer: io.modelcontextprotocol.sdk:mcp 2.1.0, HttpServletStreamableServerTransportProvider on Jetty 12.1.14 ee10, protocol $PEER_PROTOCOL_VERSION, one session per wrk thread"
    echo "- errors = non-2xx + JSON-RPC errors/wrong answers + socket errors + timeouts (10 s)"
    echo "- peak RSS = VmHWM of the server's process tree, read after the point (so: peak since start)"
    echo
    for s in "${SERVERS[@]}"; do
        echo "- $s: ${STATUS[$s]:-not run}; startup ${STARTUP[$s]:-n/a} s; warm-up ${WARM[$s]:-n/a}"
    done
    for c in $CONCURRENCY; do
        echo
        echo "## $c connection$( [ "$c" -gt 1 ] && echo s) ($(( c < 2 ? c : 2 )) wrk thread$( [ "$c" -gt 1 ] && echo s), ${DURATION} s)"
        echo
        echo "| server | req/s | p50 ms | p99 ms | errors | peak RSS MB |"
        echo "|---|---:|---:|---:|---:|---:|"
        for s in "${SERVERS[@]}"; do
            local rss=""
            [ -n "${RSS[$s:$c]:-}" ] && rss=$(( ${RSS[$s:$c]} / 1024 ))
            echo "| $s | $(fmt %.0f "${RPS[$s:$c]:-}") | $(fmt %.2f "${P50[$s:$c]:-}") | $(fmt %.2f "${P99[$s:$c]:-}") | ${ERRS[$s:$c]:-n/a} | ${rss:-n/a} |"
        done
        local pair a b header=0
        for pair in ours/nginx peer/nginx ours/peer; do
            a=${pair%/*}; b=${pair#*/}
            wants "$a" && wants "$b" || continue
            if [ "$header" = 0 ]; then
                echo
                echo "| ratio | throughput (higher: first is faster) | p99 (lower: first has the shorter tail) |"
                echo "|---|---:|---:|"
                header=1
            fi
            echo "| $pair | $(ratio "${RPS[$a:$c]:-}" "${RPS[$b:$c]:-}") | $(ratio "${P99[$a:$c]:-}" "${P99[$b:$c]:-}") |"
        done
    done
    echo
    echo "## Raw wrk results"
    echo
    echo '```'
    for s in "${SERVERS[@]}"; do
        for c in $CONCURRENCY; do
            [ -n "${RAW[$s:$c]:-}" ] && echo "$s c=$c ${RAW[$s:$c]}"
        done
    done
    echo '```'
}

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS_DIR" || die "cannot create $RESULTS_DIR"
REPORT="$RESULTS_DIR/$STAMP.md"

total=0
for s in "${SERVERS[@]}"; do
    w=$WARMUP; [ "$s" = nginx ] && w=$NGINX_WARMUP
    total=$(( total + w + DURATION * $(wc -w <<<"$CONCURRENCY") ))
done
log "servers: ${SERVERS[*]}; about $(( total / 60 )) min $(( total % 60 )) s of load; report: $REPORT"

for s in "${SERVERS[@]}"; do
    bench_server "$s"
done

report >"$REPORT"
echo
cat "$REPORT"
echo
log "report written to $REPORT"
case "$RC" in
    3) log "FAILED: at least one server did not start, answer correctly or finish (see above)" ;;
    4) log "WARNING: errors were counted under load (see the errors column)" ;;
esac
exit "$RC"
