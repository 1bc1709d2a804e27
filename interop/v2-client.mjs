// The v2 TypeScript client (@modelcontextprotocol/client 2.4.0), shared by v2-legacy.mjs and
// v2-modern.mjs. The era is chosen with ClientOptions.versionNegotiation:
//   legacy: { mode: 'legacy' }                -> 2025 initialize handshake, Mcp-Session-Id, server-to-client
//                                                elicitation/create answered by a separate POST
//   modern: { mode: { pin: '2026-07-28' } }   -> server/discover probe, per-request _meta, no session;
//                                                greet answers input_required, the client's MRTR driver
//                                                fulfils it through the same elicitation/create handler
//                                                and retries tools/call with inputResponses + requestState
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { MODERN_VERSION, SESSION_ERA_VERSIONS, checkDemoCalls, endSession, firstText, matching, run } from './lib.mjs';

export async function runV2(era) {
  const modern = era === 'modern';
  await run(`v2-${era}`, async (ctx) => {
    const { url, fetch, step, check, observed, exchanges } = ctx;
    const client = new Client({ name: `switchboard-interop-v2-${era}`, version: '1.0.0' }, {
      capabilities: { elicitation: {} },
      versionNegotiation: { mode: modern ? { pin: MODERN_VERSION } : 'legacy' },
    });
    const transport = new StreamableHTTPClientTransport(new URL(url), { fetch });
    const elicitations = [];
    const logs = [];
    const transportErrors = [];
    client.onerror = (e) => transportErrors.push(String(e?.message ?? e));
    client.setNotificationHandler('notifications/message', (n) => {
      logs.push(n.params.data);
    });
    client.setRequestHandler('elicitation/create', async (request) => {
      elicitations.push({ message: request.params.message, requestedSchema: request.params.requestedSchema });
      return { action: 'accept', content: { name: 'Ada' } };
    });

    step('connect');
    await client.connect(transport);
    observed.era = client.getProtocolEra();
    observed.protocolVersion = client.getNegotiatedProtocolVersion();
    observed.server = client.getServerVersion();
    observed.sessionIssued = transport.sessionId !== undefined;
    check(observed.era === era, `the client negotiated the ${observed.era} era, expected ${era}`);
    if (modern) {
      check(observed.protocolVersion === MODERN_VERSION, `negotiated ${observed.protocolVersion}, expected ${MODERN_VERSION}`);
      check(!observed.sessionIssued, 'the server issued an Mcp-Session-Id to a 2026-07-28 client');
      check(matching(exchanges, /^initialize/).length === 0, 'a modern client sent initialize');
    } else {
      check(SESSION_ERA_VERSIONS.includes(observed.protocolVersion), `negotiated ${observed.protocolVersion}, expected a session-era revision`);
      check(observed.sessionIssued, 'the server issued no Mcp-Session-Id on initialize');
    }

    await checkDemoCalls(client, ctx, logs,
      (name, args, onprogress) => client.callTool({ name, arguments: args }, { onprogress }));
    const countCall = matching(exchanges, /^tools\/call\(count_slowly\)/);
    check(countCall.length === 1 && /\+progressToken/.test(countCall[0].rpc), 'count_slowly went out without a progressToken');
    if (modern) {
      check(countCall[0].contentType === 'text/event-stream',
        `count_slowly's POST was answered with ${countCall[0].contentType}, expected an SSE stream carrying the progress`);
    }

    step('tools/call greet');
    const greeting = await client.callTool({ name: 'greet', arguments: {} });
    observed.elicitations = elicitations;
    observed.greeting = firstText(greeting);
    check(elicitations.length === 1, `elicitation handler ran ${elicitations.length} times, expected once`);
    check(elicitations[0].message === 'What is your name?', `elicitation message ${JSON.stringify(elicitations[0].message)}`);
    check(observed.greeting === 'Hello, Ada!', `greet returned ${JSON.stringify(observed.greeting)}, expected "Hello, Ada!"`);
    const greetCalls = matching(exchanges, /^tools\/call\(greet\)/);
    const answers = matching(exchanges, /^result#/);
    observed.greetRounds = greetCalls.length;
    if (modern) {
      // MRTR: the first tools/call gets input_required; the retry carries the answer and the state.
      check(greetCalls.length === 2, `greet took ${greetCalls.length} tools/call POSTs, expected 2 (input_required, then the retry)`);
      check(greetCalls[1].rpc.includes('+inputResponses') && greetCalls[1].rpc.includes('+requestState'),
        `the retry was ${greetCalls[1].rpc}, expected inputResponses and requestState`);
      check(answers.length === 0, 'the client POSTed a JSON-RPC response: the server sent a server-to-client request on 2026-07-28');
    } else {
      check(greetCalls.length === 1, `greet took ${greetCalls.length} tools/call POSTs, expected 1`);
      check(answers.length === 1 && answers[0].method === 'POST' && answers[0].sentSession,
        'expected the elicitation answer to go back as one POSTed JSON-RPC response carrying the session id');
      await answers[0].answered; // the tool result may overtake the answer POST's own 202
      check(answers[0].status === 202, `the POSTed elicitation answer got HTTP ${answers[0].status}, expected 202`);
    }

    if (modern) {
      step('close');
      await transport.terminateSession(); // no session: must not send anything
      check(exchanges.every((e) => e.method !== 'DELETE'), 'a modern client sent DELETE');
      check(exchanges.every((e) => !e.sentSession && !e.issuedSession), 'an Mcp-Session-Id appeared on a 2026-07-28 exchange');
      check(exchanges.every((e) => e.protocolVersion === MODERN_VERSION),
        () => `an exchange went out without MCP-Protocol-Version ${MODERN_VERSION}`);
    } else {
      await endSession(transport, ctx);
      step('close');
    }
    await client.close();
    observed.transportErrors = transportErrors;
  });
}
