# Sourced by the load scripts (cluster.sh, gateway.sh, governed.sh): the processes a script starts, stopped by
# PID when it exits, and small helpers. Needs WORK (a temp dir, removed at exit) set before sourcing.
PIDS=()
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done; PIDS=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
