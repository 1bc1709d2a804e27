// A third-party MCP server: the demo server's four tools (add, count_slowly, echo, greet) written on
// the TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0) and served the way that SDK serves
// 2026-07-28: createMcpHandler(factory), one fresh McpServer per HTTP request, no session. The
// handler also answers the session era, but only statelessly (its default `legacy: 'stateless'`
// fallback: no Mcp-Session-Id, GET and DELETE answered 405).
//
// greet asks for the user's name the 2026-07-28 way: it returns inputRequired({ inputRequests })
// and reads the answer from the retry's inputResponses. (On a session-era request the SDK's legacy
// shim turns that into an elicitation/create request on the POST's SSE stream.)
//
// Usage: node --import ../conformance/localhost-only.mjs v2-server.mjs [port]
// Listens on 127.0.0.1 (port 0 = a free one), prints one line `listening <url>` on stdout, logs
// each exchange to stderr (`v2-server: POST tools/call(greet)+inputResponses v=2026-07-28 -> 200 application/json`), and exits when stdin closes (its parent is gone) or on SIGTERM/SIGINT.
import http from 'node:http';
import { McpServer, createMcpHandler, fromJsonSchema, inputRequired, inputResponse } from '@modelcontextprotocol/server';
import { describeRpc } from './lib.mjs';

const schema = (json) => fromJsonSchema(json);

const ECHO_INPUT = schema({
  type: 'object',
  properties: { text: { type: 'string', description: 'Text to echo' } },
  required: ['text'],
  additionalProperties: false,
});
const ADD_INPUT = schema({
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
  additionalProperties: false,
});
const ADD_OUTPUT = schema({ type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] });
const COUNT_INPUT = schema({
  type: 'object',
  properties: { n: { type: 'integer', minimum: 1, maximum: 100 } },
  required: ['n'],
});
const GREET_INPUT = schema({ type: 'object', properties: {} });
const NAME_SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

const text = (t) => ({ content: [{ type: 'text', text: t }] });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One server instance; createMcpHandler builds one per request, for either era. */
function demo() {
  const server = new McpServer(
    { name: 'switchboard-interop/ts-v2-demo', version: '2.4.0' },
    { instructions: 'The Switchboard demo tools on the TypeScript SDK v2. Try echo, add, count_slowly and greet.' },
  );
  server.registerTool('echo', { description: 'Returns the text it is given.', inputSchema: ECHO_INPUT },
    async ({ text: t }) => text(t));
  server.registerTool('add', {
    description: 'Adds two numbers; the sum comes back as structured content too.',
    inputSchema: ADD_INPUT,
    outputSchema: ADD_OUTPUT,
  }, async ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }));
  server.registerTool('count_slowly', {
    description: 'Counts to n, one step per 100 ms, reporting progress and logging each step.',
    inputSchema: COUNT_INPUT,
  }, async ({ n }, ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    for (let i = 1; i <= n; i++) {
      if (ctx.mcpReq.signal.aborted) {
        throw new Error('cancelled');
      }
      await sleep(100);
      if (progressToken !== undefined) {
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken, progress: i, total: n, message: `counted ${i}` },
        });
      }
      await ctx.mcpReq.log('info', `step ${i}`, 'count_slowly');
    }
    return text(`counted to ${n}`);
  });
  server.registerTool('greet', {
    description: 'Asks who you are (an elicitation), then greets you.',
    inputSchema: GREET_INPUT,
  }, async (_args, ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'who');
    if (answer.kind === 'missing') {
      return inputRequired({
        inputRequests: { who: inputRequired.elicit({ message: 'What is your name?', requestedSchema: NAME_SCHEMA }) },
      });
    }
    if (answer.kind !== 'elicit' || answer.action !== 'accept' || typeof answer.content?.name !== 'string') {
      return text('Hello, whoever you are.');
    }
    return text(`Hello, ${answer.content.name}!`);
  });
  return server;
}

const handler = createMcpHandler(demo, {
  onerror: (e) => process.stderr.write(`v2-server: ${e?.stack ?? e}\n`),
});

// node:http <-> the handler's web-standard fetch face (what @modelcontextprotocol/node's
// toNodeHandler does; written here to keep the dependency list to the SDK itself).
const httpServer = http.createServer(async (req, res) => {
  const started = Date.now();
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const chunks = [];
    for await (const chunk of req) {
      chunks.push(chunk);
    }
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
    const request = new Request(new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`), {
      method: req.method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : undefined,
      signal: aborted.signal,
    });
    const response = new URL(request.url).pathname === '/mcp'
      ? await handler.fetch(request)
      : new Response('not found', { status: 404 });
    res.writeHead(response.status, [...response.headers].flat());
    res.flushHeaders();
    if (response.body) {
      for await (const chunk of response.body) {
        res.write(chunk);
      }
    }
    res.end();
    process.stderr.write(`v2-server: ${req.method} ${rpcOf(chunks) ?? '-'} v=${headers.get('mcp-protocol-version') ?? '-'}`
      + `${headers.has('mcp-session-id') ? ' +session' : ''} -> ${response.status} ${response.headers.get('content-type') ?? ''}`
      + `${response.headers.has('mcp-session-id') ? ' session-issued' : ''} (${Date.now() - started} ms)\n`);
  } catch (e) {
    process.stderr.write(`v2-server: ${req.method} ${req.url} failed: ${e?.stack ?? e}\n`);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
    }
    res.end();
  }
});

/** The request body in a few words (as the client scripts record their exchanges). */
function rpcOf(chunks) {
  try {
    return chunks.length > 0 ? describeRpc(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : undefined;
  } catch {
    return 'unparsable body';
  }
}

const stop = () => {
  handler.close().finally(() => process.exit(0));
  httpServer.closeAllConnections();
  httpServer.close();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop).on('error', stop).resume();

httpServer.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = httpServer.address();
  process.stdout.write(`listening http://127.0.0.1:${port}/mcp\n`);
});
