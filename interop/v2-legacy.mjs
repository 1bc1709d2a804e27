// The v2 TypeScript client (@modelcontextprotocol/client 2.4.0) in its legacy mode (the session era):
// versionNegotiation { mode: 'legacy' }. Steps and checks: v2-client.mjs.
//   node v2-legacy.mjs http://127.0.0.1:8080/mcp
import { runV2 } from './v2-client.mjs';

await runV2('legacy');
