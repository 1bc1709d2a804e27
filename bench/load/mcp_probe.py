#!/usr/bin/env python3
"""One-shot MCP probes for the load harness (run.sh). Standard library only.

  mcp_probe.py wait URL SECONDS [PID]   wait until something answers HTTP on URL (any status);
                                        fail early if PID dies
  mcp_probe.py stateless URL [TOKEN]    POST the 2026-07-28 stateless tools/call (echo "hello"), with
                                        "Authorization: Bearer TOKEN" when given; require HTTP 200
                                        and a JSON-RPC result whose text is "hello"
  mcp_probe.py unauthorized URL         POST that tools/call without a token; require HTTP 401 with a
                                        "WWW-Authenticate: Bearer ..." challenge (an OAuth-protected endpoint)
  mcp_probe.py session URL [VERSION]    session era: POST initialize, then notifications/initialized;
                                        print the Mcp-Session-Id and the negotiated version
  mcp_probe.py session-call URL SID VERSION
                                        POST tools/call echo "hello" in that session (JSON or SSE
                                        answer); require HTTP 200 and a result whose text is "hello"
  mcp_probe.py mrtr-retry URL         2026-07-28: call the demo's greet, which asks for a name
                                        (MRTR); print the retry's body (the answer "bench" and the
                                        server's requestState), for load runs of the answering leg

Exit status 0 on success; otherwise 1 with the reason on stderr.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

ACCEPT = "application/json, text/event-stream"
TIMEOUT = 10.0

STATELESS_VERSION = "2026-07-28"
STATELESS_BODY = (
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},'
    '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
    '"io.modelcontextprotocol/clientCapabilities":{}}}}'
)
STATELESS_HEADERS = {
    "Content-Type": "application/json",
    "Accept": ACCEPT,
    "MCP-Protocol-Version": STATELESS_VERSION,
    "Mcp-Method": "tools/call",
    "Mcp-Name": "echo",
}
SESSION_CALL_BODY = (
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
)


def fail(msg):
    print("probe: " + msg, file=sys.stderr)
    sys.exit(1)


def post(url, body, headers):
    req = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def jsonrpc_messages(content_type, body):
    """The JSON-RPC messages in a response body: one JSON object, or the data of SSE events."""
    if "text/event-stream" in (content_type or ""):
        msgs, data = [], []
        for line in body.splitlines() + [""]:
            if line.startswith("data:"):
                data.append(line[6:] if line[5:6] == " " else line[5:])
            elif line == "" and data:
                msgs.append(json.loads("\n".join(data)))
                data = []
        return msgs
    return [json.loads(body)]


def check_echo_result(status, headers, body, what):
    if status != 200:
        fail(f"{what}: expected HTTP 200, got {status}: {body[:500]}")
    try:
        msgs = jsonrpc_messages(headers.get("Content-Type"), body)
    except ValueError as e:
        fail(f"{what}: response is not JSON ({e}): {body[:500]}")
    responses = [m for m in msgs if isinstance(m, dict) and m.get("id") == 1]
    if not responses:
        fail(f"{what}: no JSON-RPC response with id 1 in: {body[:500]}")
    msg = responses[-1]
    if msg.get("jsonrpc") != "2.0":
        fail(f"{what}: not a JSON-RPC 2.0 message: {body[:500]}")
    if "error" in msg or "result" not in msg:
        fail(f"{what}: JSON-RPC error: {json.dumps(msg)[:500]}")
    result = msg["result"]
    if result.get("isError"):
        fail(f"{what}: tool result has isError=true: {json.dumps(result)[:500]}")
    texts = [c.get("text") for c in result.get("content", []) if isinstance(c, dict)]
    if "hello" not in texts:
        fail(f"{what}: result does not echo 'hello': {json.dumps(result)[:500]}")
    print(f"{what}: OK (HTTP {status}, {headers.get('Content-Type')}, {len(body)} bytes)")


def cmd_wait(url, seconds, pid=None):
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        if pid and not os.path.exists(f"/proc/{pid}"):
            fail(f"server process {pid} exited before it answered on {url}")
        try:
            req = urllib.request.Request(url, method="GET")
            with urllib.request.urlopen(req, timeout=1.0):
                return
        except urllib.error.HTTPError:
            return  # any HTTP status means it is listening
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    fail(f"nothing answered on {url} within {seconds} s")


def cmd_stateless(url, token=None):
    headers = dict(STATELESS_HEADERS)
    if token:
        headers["Authorization"] = "Bearer " + token
    status, headers, body = post(url, STATELESS_BODY, headers)
    check_echo_result(status, headers, body, "stateless tools/call" + (" with a bearer token" if token else ""))


def cmd_unauthorized(url):
    status, headers, body = post(url, STATELESS_BODY, STATELESS_HEADERS)
    if status != 401:
        fail(f"tools/call without a token: expected HTTP 401, got {status}: {body[:500]}")
    challenge = headers.get("WWW-Authenticate") or ""
    if not challenge.startswith("Bearer"):
        fail(f"tools/call without a token: HTTP 401 without a Bearer challenge (WWW-Authenticate: {challenge!r})")
    print(f"tools/call without a token: refused (HTTP 401, WWW-Authenticate: {challenge})")


def cmd_session(url, version="2025-06-18"):
    init = json.dumps({
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": version, "capabilities": {},
                   "clientInfo": {"name": "switchboard-bench", "version": "1"}},
    })
    status, headers, body = post(url, init, {"Content-Type": "application/json", "Accept": ACCEPT})
    if status != 200:
        fail(f"initialize: expected HTTP 200, got {status}: {body[:500]}")
    sid = headers.get("Mcp-Session-Id")
    if not sid:
        fail(f"initialize: no Mcp-Session-Id header in the response: {dict(headers)}")
    try:
        msgs = jsonrpc_messages(headers.get("Content-Type"), body)
        negotiated = [m for m in msgs if m.get("id") == 0][-1]["result"]["protocolVersion"]
    except (ValueError, LookupError, AttributeError) as e:
        fail(f"initialize: unexpected answer ({e}): {body[:500]}")
    status, _, body = post(url, '{"jsonrpc":"2.0","method":"notifications/initialized"}', {
        "Content-Type": "application/json", "Accept": ACCEPT,
        "Mcp-Session-Id": sid, "MCP-Protocol-Version": negotiated,
    })
    if status not in (200, 202):
        fail(f"notifications/initialized: expected HTTP 202, got {status}: {body[:500]}")
    print(sid, negotiated)


def cmd_session_call(url, sid, version):
    status, headers, body = post(url, SESSION_CALL_BODY, {
        "Content-Type": "application/json", "Accept": ACCEPT,
        "Mcp-Session-Id": sid, "MCP-Protocol-Version": version,
    })
    check_echo_result(status, headers, body, "session tools/call")


GREET_META = ('"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
              '"io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}')
GREET_ASK = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"greet","arguments":{},' + GREET_META + '}}'
GREET_HEADERS = dict(STATELESS_HEADERS, **{"Mcp-Name": "greet"})


def cmd_mrtr_retry(url):
    status, headers, body = post(url, GREET_ASK, GREET_HEADERS)
    if status != 200:
        fail(f"greet: expected HTTP 200, got {status}: {body[:500]}")
    result = jsonrpc_messages(headers.get("Content-Type"), body)[-1].get("result") or {}
    if result.get("resultType") != "input_required" or "who" not in (result.get("inputRequests") or {}):
        fail(f"greet: expected an input_required result asking 'who', got: {body[:500]}")
    retry = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "greet", "arguments": {},
        "inputResponses": {"who": {"action": "accept", "content": {"name": "bench"}}}}}
    if "requestState" in result:
        retry["params"]["requestState"] = result["requestState"]
    text = json.dumps(retry, separators=(",", ":"))
    print(text[:-2] + "," + GREET_META + "}}")


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    cmd, args = argv[0], argv[1:]
    if cmd == "wait" and len(args) in (2, 3):
        cmd_wait(*args)
    elif cmd == "stateless" and len(args) in (1, 2):
        cmd_stateless(*args)
    elif cmd == "unauthorized" and len(args) == 1:
        cmd_unauthorized(*args)
    elif cmd == "session" and len(args) in (1, 2):
        cmd_session(*args)
    elif cmd == "mrtr-retry" and len(args) == 1:
        cmd_mrtr_retry(*args)
    elif cmd == "session-call" and len(args) == 3:
        cmd_session_call(*args)
    else:
        fail("bad arguments\n" + __doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
