#!/usr/bin/env bash
# Runs the official MCP conformance suite (pinned in package.json):
#  1. server mode, against the fixture server: every scenario required by revision 2026-07-28, then
#     by 2025-11-25 (the session era), with no expected-failures file: all must pass; then, by name,
#     the not-yet-scored scenarios we hold ourselves to;
#  2. server mode through the gateway, in front of the fixture in the other era (see below), and
#     the Tasks extension scenarios through a gateway in front of the fixture in 2026-07-28;
#  3. client mode, against McpClient (`switchboard conformance-client`): every client scenario
#     required by 2026-07-28 and by 2025-11-25; the not-scored ones that pass are named.
# Installs Node 22 and the suite from npm on first use. Starts the server on a free loopback port
# and stops it by PID. Results (checks.json per scenario) go to conformance/results/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
cd "$HERE"
if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/@modelcontextprotocol/conformance/dist/index.js ]; then
  echo "conformance: installing the suite and Node 22 with npm (one time)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
NODE="$HERE/node_modules/.bin/node"
SUITE="$HERE/node_modules/@modelcontextprotocol/conformance/dist/index.js"
RESULTS="$HERE/results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

LOG="$RESULTS/server.log"
"$ROOT/switchboard" serve --fixture --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 600); do
  URL=$(grep -o 'http://[^ ]*/mcp' "$LOG" | head -1 || true)
  [ -n "$URL" ] && break
  kill -0 $PID 2>/dev/null || { echo "conformance: fixture server exited:"; cat "$LOG"; exit 1; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "conformance: fixture server did not start within 120 s"; cat "$LOG"; exit 1; }
echo "conformance: fixture server at $URL"

failed=0
run() { # label, args...
  local label="$1"; shift
  local out="$RESULTS/$label.txt"
  if timeout 600 "$NODE" --import "$HERE/localhost-only.mjs" "$SUITE" server --url "$URL" -o "$RESULTS/$label" "$@" >"$out" 2>&1; then
    local plain; plain=$(sed 's/\x1b\[[0-9;]*m//g' "$out")
    local ok bad; ok=$(grep -c '^✓' <<<"$plain" || true); bad=$(grep -c '^✗' <<<"$plain" || true)
    local scen=""; [ "$ok" -gt 0 ] && scen="; $ok scenarios passed"
    echo "conformance: $label: PASSED ($(grep -E '^Total|Passed: ' <<<"$plain" | tail -1 | sed 's/^ *//')$scen)"
    local expected; expected=$(sed -n '/^Expected failures (in baseline)/,/^$/p' <<<"$plain" | grep '~' | sed 's/^ *~ *//' | tr '\n' ' ' || true)
    if [ -n "$expected" ]; then
      echo "conformance:   expected failures (reasons in the baseline file): $expected"
    elif [ "$bad" -gt 0 ]; then
      local why="extensions not built yet"
      [[ " $* " == *" --expected-failures "* ]] && why="reasons in the baseline file"
      echo "conformance:   not scored and failing ($why): $(grep '^✗' <<<"$plain" | cut -d: -f1 | tr -d '✗ ' | tr '\n' ' ')"
    fi
  else
    echo "conformance: $label: FAILED"; sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -vE '^\s*$' | tail -60; failed=1
  fi
}
run required-2026-07-28 --requirements 2026-07-28
run required-2025-11-25 --requirements 2025-11-25
for s in http-header-validation http-custom-header-server-validation json-schema-2020-12; do
  run "$s" --scenario "$s" --spec-version 2026-07-28 --suite all
done
# Tasks extension (io.modelcontextprotocol/tasks): extension scenarios are off the spec timeline, hence --force.
TASKS="tasks-lifecycle tasks-capability-negotiation tasks-wire-fields tasks-request-state-removal tasks-mrtr-input
       tasks-request-headers tasks-dispatch-and-envelope tasks-status-notifications tasks-required-task-error
       tasks-mrtr-composition"
for s in $TASKS; do
  run "$s" --scenario "$s" --spec-version 2026-07-28 --suite all --force
done

# Through the gateway (issue 8): the same fixture behind `switchboard gateway`, spoken to in the
# other era, so every scenario crosses the era bridge: the 2026-07-28 requirements against a
# gateway whose upstream is the fixture in the session era, and the 2025-11-25 requirements against
# one whose upstream is the fixture in 2026-07-28. The checks the bridge cannot pass are listed,
# each with its reason, in gateway-expected-failures.yaml; one passing there fails the run (stale).
GW_PIDS=()
trap 'kill $PID "${GW_PIDS[@]}" 2>/dev/null || true; wait $PID "${GW_PIDS[@]}" 2>/dev/null || true' EXIT
gateway() { # label, era; sets GW_URL
  local label="$1" era="$2" log="$RESULTS/gateway-$1.log"
  printf 'upstreams:\n  fixture:\n    url: %s\n    era: %s\n    prefix: ""\n' "$URL" "$era" >"$RESULTS/gateway-$label.yaml"
  "$ROOT/switchboard" gateway --config "$RESULTS/gateway-$label.yaml" --port 0 >"$log" 2>&1 &
  local pid=$!; GW_PIDS+=($pid); GW_URL=""
  for _ in $(seq 1 600); do
    GW_URL=$(grep -o 'listening on http://[^ ]*/mcp' "$log" | head -1 | sed 's/^listening on //' || true)
    [ -n "$GW_URL" ] && break
    kill -0 $pid 2>/dev/null || { echo "conformance: gateway ($label) exited:"; cat "$log"; exit 1; }
    sleep 0.2
  done
  [ -n "$GW_URL" ] || { echo "conformance: gateway ($label) did not start within 120 s"; cat "$log"; exit 1; }
  echo "conformance: gateway at $GW_URL in front of the fixture in era $era"
}
gateway session-upstream session
URL="$GW_URL" run gateway-required-2026-07-28 --requirements 2026-07-28 --expected-failures "$HERE/gateway-expected-failures.yaml"
gateway modern-upstream 2026-07-28
URL="$GW_URL" run gateway-required-2025-11-25 --requirements 2025-11-25 --expected-failures "$HERE/gateway-expected-failures.yaml"
# The Tasks extension with 2026-07-28 at both ends: the gateway forwards each task to the fixture (its
# id sealed into a handle) and relays the input a tool needs before its task exists. No baseline: all pass.
for s in $TASKS; do
  URL="$GW_URL" run "gateway-$s" --scenario "$s" --spec-version 2026-07-28 --suite all --force
done
kill $PID "${GW_PIDS[@]}" 2>/dev/null || true; wait $PID "${GW_PIDS[@]}" 2>/dev/null || true

# Client mode (docs/design/conformance-client.md §0.8): the suite starts every scenario's client at
# once (39 JVMs), so the jar is built once (the server run above did it) and java is exec'd
# directly with quick-start flags; --timeout is raised and the client's own deadline sits below it.
JAR="$ROOT/cli/target/switchboard.jar"
. "$ROOT/scripts/jdk.sh"
CLIENT="$JAVA_HOME/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -jar $JAR conformance-client --deadline 100"
run_client() { # label, args...
  local label="$1"; shift
  local out="$RESULTS/$label.txt"
  if timeout 900 "$NODE" --import "$HERE/localhost-only.mjs" "$SUITE" client --command "$CLIENT" --timeout 120000 \
      -o "$RESULTS/$label" "$@" >"$out" 2>"$RESULTS/$label.stderr.txt"; then
    local plain; plain=$(sed 's/\x1b\[[0-9;]*m//g' "$out")
    local ok; ok=$(grep -c '^✓' <<<"$plain" || true)
    echo "conformance: $label: PASSED ($(grep -E '^Total' <<<"$plain" | tail -1 | sed 's/^ *//'); $ok scenarios passed)"
    local extra; extra=$(sed -n '/^Not scored/,$p' <<<"$plain" | grep '✓' | sed 's/^ *✓ *//; s/ (.*//' | tr '\n' ' ')
    [ -n "$extra" ] && echo "conformance:   not scored, passing: $extra"
    local bad; bad=$(sed -n '/^Not scored/,$p' <<<"$plain" | grep '✗' | sed 's/^ *✗ *//; s/ (.*//' | tr '\n' ' ')
    [ -n "$bad" ] && echo "conformance:   not scored, failing: $bad"
  else
    echo "conformance: $label: FAILED"; sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -vE '^\s*$' | tail -60; failed=1
  fi
  return 0
}
run_client client-2026-07-28 --requirements 2026-07-28
run_client client-2025-11-25 --requirements 2025-11-25
exit $failed
