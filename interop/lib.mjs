// Shared harness for the interop scripts: argument handling, a hard timeout, step tracking, a
// recording fetch (every HTTP exchange the client makes, summarised), checks, and the one-line
// JSON report on stdout. Exit code 0 only when every check passed.

/** Revisions of the session era (initialize + Mcp-Session-Id). */
export const SESSION_ERA_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
/** The stateless revision. */
export const MODERN_VERSION = '2026-07-28';
/** The demo server's tools, sorted. */
export const DEMO_TOOLS = ['add', 'count_slowly', 'echo', 'greet'];

class CheckFailed extends Error {}

/**
 * Runs {@code body(ctx)} against the server URL given as argv[2]. {@code ctx} offers
 * {@code url}, {@code fetch} (records every exchange), {@code step(name)}, {@code check(cond, msg)},
 * {@code observed} (the object printed on success) and {@code exchanges}.
 */
export async function run(client, body) {
  const url = process.argv[2];
  const timeoutMs = Number(process.env.INTEROP_TIMEOUT_MS ?? 30000);
  const observed = { client, ok: false, url };
  const exchanges = [];
  let current = 'start';

  const fail = (message) => {
    observed.ok = false;
    observed.failedStep = current;
    observed.error = message;
    observed.http = exchanges.map(summary);
    process.stderr.write(`${client}: FAILED at step '${current}': ${message}\n`);
    process.stderr.write(`${client}: HTTP exchanges so far:\n${exchanges.map((e) => '  ' + summary(e)).join('\n')}\n`);
    process.stdout.write(JSON.stringify(observed) + '\n');
    process.exit(1);
  };

  if (!url || !/^https?:\/\//.test(url)) {
    process.stderr.write(`usage: node ${process.argv[1]} <server URL, e.g. http://127.0.0.1:8080/mcp>\n`);
    process.exit(2);
  }
  const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
  process.on('unhandledRejection', (e) => fail(`unhandled rejection: ${describeError(e)}`));

  const ctx = {
    url,
    observed,
    exchanges,
    step(name) {
      current = name;
    },
    check(condition, message) {
      if (!condition) {
        throw new CheckFailed(typeof message === 'function' ? message() : message);
      }
    },
    fetch: async (input, init = {}) => {
      const headers = new Headers(init.headers);
      let rpc;
      if (typeof init.body === 'string') {
        try {
          rpc = JSON.parse(init.body);
        } catch {
          rpc = undefined;
        }
      }
      const entry = {
        step: current,
        method: init.method ?? 'GET',
        rpc: describeRpc(rpc),
        protocolVersion: headers.get('mcp-protocol-version') ?? undefined,
        sentSession: headers.has('mcp-session-id'),
      };
      exchanges.push(entry);
      const pending = fetch(input, init).then((response) => {
        entry.status = response.status;
        entry.contentType = (response.headers.get('content-type') ?? '').split(';')[0] || undefined;
        entry.issuedSession = response.headers.has('mcp-session-id');
        return response;
      });
      // resolves once the response headers are in (or the request failed); never rejects
      Object.defineProperty(entry, 'answered', { value: pending.then(() => entry, () => entry), enumerable: false });
      return pending;
    },
  };

  try {
    await body(ctx);
  } catch (e) {
    fail(e instanceof CheckFailed ? e.message : describeError(e));
  }
  clearTimeout(timer);
  observed.ok = true;
  observed.http = exchanges.map(summary);
  process.stdout.write(JSON.stringify(observed) + '\n');
  process.exit(0);
}

/** The text of a tool result's first content block. */
export function firstText(result) {
  const block = result?.content?.[0];
  return block?.type === 'text' ? block.text : undefined;
}

/** Exchanges (recorded by ctx.fetch) whose JSON-RPC summary matches {@code pattern}. */
export function matching(exchanges, pattern) {
  return exchanges.filter((e) => e.rpc !== undefined && pattern.test(e.rpc));
}

/** A JSON-RPC message in a few words, e.g. {@code tools/call(greet)+inputResponses}. */
export function describeRpc(message) {
  if (message === undefined) {
    return undefined;
  }
  if (Array.isArray(message)) {
    return '[' + message.map(describeRpc).join(',') + ']';
  }
  if (typeof message.method === 'string') {
    const p = message.params ?? {};
    let s = message.method;
    if (p.name !== undefined) s += `(${p.name})`;
    if (p.inputResponses !== undefined) s += '+inputResponses';
    if (p.requestState !== undefined) s += '+requestState';
    if (p._meta?.progressToken !== undefined) s += '+progressToken';
    return s;
  }
  if ('result' in message) return `result#${message.id}`;
  if ('error' in message) return `error#${message.id}`;
  return '?';
}

function summary(e) {
  const version = e.protocolVersion ? ` v=${e.protocolVersion}` : '';
  const session = e.sentSession ? ' +session' : '';
  const issued = e.issuedSession ? ' session-issued' : '';
  return `${e.method} ${e.rpc ?? '-'}${version}${session} -> ${e.status ?? 'no response'} ${e.contentType ?? ''}${issued}`.trim();
}

function describeError(e) {
  if (e instanceof Error) {
    const code = e.code !== undefined ? ` (code ${e.code})` : '';
    const data = e.data !== undefined ? ` data=${JSON.stringify(e.data)}` : '';
    const cause = e.cause !== undefined ? ` (cause: ${describeError(e.cause)})` : '';
    return `${e.name}: ${e.message}${code}${data}${cause}`;
  }
  return String(e);
}

/**
 * Ends a session-era session through the SDK's transport and checks the server forgot it: one
 * DELETE answered 2xx, then a request carrying the old id answered 404 (the spec's MUST).
 */
export async function endSession(transport, { url, fetch, step, check, observed, exchanges }) {
  step('DELETE session');
  const sessionId = transport.sessionId;
  await transport.terminateSession();
  const del = exchanges.filter((e) => e.method === 'DELETE');
  check(del.length === 1, `sent ${del.length} DELETE requests, expected 1`);
  observed.deleteStatus = del[0].status;
  check(del[0].status >= 200 && del[0].status < 300, `DELETE answered ${del[0].status}, expected 2xx`);

  step('request on the deleted session');
  const after = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': observed.protocolVersion,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 999, method: 'tools/list', params: {} }),
  });
  await after.text();
  observed.afterDeleteStatus = after.status;
  check(after.status === 404, `a request on the deleted session got ${after.status}, expected 404`);
}

/**
 * The demo server's steps every client runs the same way: tools/list, echo, and count_slowly
 * with 3 progress notifications. {@code callWithProgress(name, args, onprogress)} adapts the SDK's
 * own callTool signature.
 */
export async function checkDemoCalls(client, { step, check, observed }, logs, callWithProgress) {
  step('tools/list');
  const { tools } = await client.listTools();
  observed.tools = tools.map((t) => t.name).sort();
  check(JSON.stringify(observed.tools) === JSON.stringify(DEMO_TOOLS), `tools ${observed.tools}, expected ${DEMO_TOOLS}`);

  step('tools/call echo');
  observed.echo = firstText(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }));
  check(observed.echo === 'hi', `echo returned ${JSON.stringify(observed.echo)}, expected "hi"`);

  step('tools/call count_slowly');
  const progress = [];
  const counted = await callWithProgress('count_slowly', { n: 3 }, (p) => progress.push(p));
  observed.progress = progress;
  observed.counted = firstText(counted);
  observed.logs = logs.length;
  check(progress.length === 3, `received ${progress.length} progress notifications, expected 3`);
  check(progress.map((p) => p.progress).join() === '1,2,3', `progress values ${progress.map((p) => p.progress)}, expected 1,2,3`);
  check(observed.counted === 'counted to 3', `count_slowly returned ${JSON.stringify(observed.counted)}`);
}
