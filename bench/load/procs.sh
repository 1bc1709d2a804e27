# Sourced by the load scripts (cluster.sh, gateway.sh, governed.sh): the processes a script starts, stopped by
# PID when it exits, and small helpers. Needs WORK (a temp dir, removed at exit) set before sourcing.
PIDS=()
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done; PIDS=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# The benchmark's workload: tools/call of the demo's echo, in 2026-07-28 and in a session.
ECHO_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
ECHO_HEADERS=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2026-07-28\nMcp-Method: tools/call\nMcp-Name: echo'
SESSION_ECHO_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
SESSION_HEADERS=$'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2025-11-25'

# sessions URL N: N fresh session ids, comma-separated
sessions() {
  local url=$1 n=$2 ids=() i
  for i in $(seq 1 "$n"); do ids+=("$(python3 "$SCRIPT_DIR/mcp_probe.py" session "$url" 2025-11-25 | awk '{print $1}')"); done
  (IFS=,; echo "${ids[*]}")
}

# The report table of paths measured at each of $CONNECTIONS, from ROW["PATH/C"] = "req/s p50 p99 errors",
# then each point's throughput ratio OTHER / BASE and added p50 for every OTHER.
# Usage: paths_table COLUMN BASE OTHER...
paths_table() {
  local column=$1 base=$2 c path rps p50 p99 errs br bp or op; shift 2
  echo "| connections | $column | req/s | p50 ms | p99 ms | errors |"
  echo "|---:|---|---:|---:|---:|---:|"
  for c in $CONNECTIONS; do for path in "$base" "$@"; do
    read -r rps p50 p99 errs <<<"${ROW[$path/$c]}"
    echo "| $c | $path | $rps | $p50 | $p99 | $errs |"
  done; done
  echo
  for path in "$@"; do for c in $CONNECTIONS; do
    read -r br bp _ <<<"${ROW[$base/$c]}"; read -r or op _ <<<"${ROW[$path/$c]}"
    awk -v c="$c" -v b="$br" -v o="$or" -v bp="$bp" -v op="$op" -v label="$path / $base" \
      'BEGIN { printf "- %s connections: %s throughput = %.2f; added p50 = %.2f ms\n", c, label, o / b, op - bp }'
  done; done
}

# An nginx reverse proxy (one worker, keep-alive to the backends, round robin) on a free port, set in
# LB_PORT, in front of 127.0.0.1:PORT for each PORT. Needs NGINX_BIN. Usage: start_nginx_proxy PORT...
start_nginx_proxy() {
  local d="$WORK/nginx" servers="" p
  mkdir -p "$d"/{client_body,proxy,fastcgi,uwsgi,scgi}
  for p in "$@"; do servers+="    server 127.0.0.1:$p;"$'\n'; done
  LB_PORT=$(free_port)
  cat >"$d/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $d/nginx.pid; error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $d/client_body; proxy_temp_path $d/proxy; fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi; scgi_temp_path $d/scgi;
  upstream switchboard {
$servers    keepalive 128;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://switchboard; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$http_host; proxy_buffering off; proxy_next_upstream error timeout;
    }
  }
}
CONF
  "$NGINX_BIN" -e stderr -p "$d" -c "$d/nginx.conf" >"$WORK/nginx.log" 2>&1 &
  PIDS+=($!)
  sleep 0.5
}

# Starts CMD... in the background (output in LOG), remembers its PID, and waits up to 90 s for its MCP
# endpoint at URL; exits 3 (showing LOG) if it does not come up. Usage: start_mcp LABEL LOG URL CMD...
start_mcp() {
  local label=$1 log=$2 url=$3; shift 3
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  python3 "$SCRIPT_DIR/mcp_probe.py" wait "$url" 90 >/dev/null || { echo "$label did not start" >&2; cat "$log" >&2; exit 3; }
}

# The gateway configuration of the load scripts: the demo upstream at 127.0.0.1:PORT, served unprefixed.
demo_gateway_config() {
  cat <<YAML
upstreams:
  demo:
    url: http://127.0.0.1:$1/mcp
    prefix: ""
    concurrency: {max: 256, queueTimeout: 5s}
YAML
}
