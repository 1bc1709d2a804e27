// The v2 TypeScript client (@modelcontextprotocol/client 2.4.0) in its modern mode (revision
// 2026-07-28, stateless): versionNegotiation { mode: { pin: '2026-07-28' } }. Steps and checks: v2-client.mjs.
//   node v2-modern.mjs http://127.0.0.1:8080/mcp
import { runV2 } from './v2-client.mjs';

await runV2('modern');
