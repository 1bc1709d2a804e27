// The official TypeScript SDK, v1 line (@modelcontextprotocol/sdk 1.32.2), which speaks only the
// session era: initialize, Mcp-Session-Id, elicitation/create sent by the server on the POST's SSE
// stream and answered by a separate POST, DELETE to end the session.
//   node v1-session.mjs http://127.0.0.1:8080/mcp
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { SESSION_ERA_VERSIONS, checkDemoCalls, endSession, firstText, matching, run } from './lib.mjs';

await run('v1-session', async (ctx) => {
  const { url, fetch, step, check, observed, exchanges } = ctx;
  const client = new Client({ name: 'switchboard-interop-v1', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch });
  const elicitations = [];
  const logs = [];
  const transportErrors = [];
  client.onerror = (e) => transportErrors.push(String(e?.message ?? e));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params.data);
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push({ message: request.params.message, requestedSchema: request.params.requestedSchema });
    return { action: 'accept', content: { name: 'Ada' } };
  });

  step('connect');
  await client.connect(transport);
  observed.protocolVersion = transport.protocolVersion;
  observed.server = client.getServerVersion();
  observed.sessionIssued = transport.sessionId !== undefined;
  check(SESSION_ERA_VERSIONS.includes(observed.protocolVersion), `negotiated ${observed.protocolVersion}, expected a session-era revision`);
  check(observed.sessionIssued, 'the server issued no Mcp-Session-Id on initialize');

  await checkDemoCalls(client, ctx, logs,
    (name, args, onprogress) => client.callTool({ name, arguments: args }, undefined, { onprogress }));

  step('tools/call greet');
  const greeting = await client.callTool({ name: 'greet', arguments: {} });
  observed.elicitations = elicitations;
  observed.greeting = firstText(greeting);
  check(elicitations.length === 1, `elicitation handler ran ${elicitations.length} times, expected once`);
  check(elicitations[0].message === 'What is your name?', `elicitation message ${JSON.stringify(elicitations[0].message)}`);
  check(observed.greeting === 'Hello, Ada!', `greet returned ${JSON.stringify(observed.greeting)}, expected "Hello, Ada!"`);
  const answers = matching(exchanges, /^result#/);
  check(answers.length === 1 && answers[0].method === 'POST' && answers[0].sentSession,
    'expected the elicitation answer to go back as one POSTed JSON-RPC response carrying the session id');
  await answers[0].answered; // the tool result may overtake the answer POST's own 202
  check(answers[0].status === 202, `the POSTed elicitation answer got HTTP ${answers[0].status}, expected 202`);

  await endSession(transport, ctx);

  step('close');
  await client.close();
  observed.transportErrors = transportErrors;
});
