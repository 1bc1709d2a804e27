#!/usr/bin/env bash
# The whole test suite: unit and integration tests (Maven verify, all modules), then the official
# MCP conformance suite against the fixture server. Installs what it needs (Node 22 and the suite
# come from npm into conformance/node_modules). Exit code 0 only when everything passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/jdk.sh"
. "$ROOT/scripts/ensure-tools.sh"
cd "$ROOT"
echo "== JDK: $JAVA_HOME"
echo "== Maven verify (unit, integration and end-to-end tests: -Pe2e)"
set +e +o pipefail
mvn -B -ntp verify -Pe2e 2>&1 | tee target-test.log \
  | grep --line-buffered -E "Tests run:.*Skipped: [0-9]+$|<<< (FAILURE|ERROR)|BUILD|Reactor Summary|SUCCESS \[|FAILURE \[|ERROR\] +[A-Za-z.]+Test"
status=${PIPESTATUS[0]}
set -e -o pipefail
if [ "$status" -ne 0 ]; then
  echo "== Maven verify FAILED (full log: target-test.log)"; exit "$status"
fi
echo "== Official MCP conformance suite"
"$ROOT/conformance/run.sh"
echo "== All tests passed"
