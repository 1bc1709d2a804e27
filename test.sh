#!/usr/bin/env bash
# The whole test suite: unit and integration tests (Maven verify, all modules), then the official
# MCP conformance suite against the fixture server. Installs what it needs (Node 22 and the suite
# come from npm into conformance/node_modules). Exit code 0 only when everything passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/jdk.sh"
cd "$ROOT"
echo "== JDK: $JAVA_HOME"
echo "== Maven verify (unit + integration tests)"
mvn -B -ntp verify 2>&1 | tee target-test.log | grep -E "Tests run:|BUILD|ERROR|FAIL|Reactor Summary|SUCCESS|\[INFO\] switchboard" || true
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "== Maven verify FAILED (full log: target-test.log)"; exit "$status"
fi
echo "== Official MCP conformance suite"
"$ROOT/conformance/run.sh"
echo "== All tests passed"
