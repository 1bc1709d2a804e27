// A deliberately bad session-era MCP server on stdio, for the gateway's fault tests: it writes a
// garbage line to stdout first, advertises one tool with an invalid name next to a good one, and a
// tool whose structuredContent breaks its own outputSchema.
import readline from "node:readline";

process.stdout.write("this is not JSON-RPC\n");
const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  let m;
  try { m = JSON.parse(line); } catch { return; }
  if (m.id === undefined) return;
  switch (m.method) {
    case "initialize":
      return send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: "2025-11-25",
        capabilities: { tools: {} }, serverInfo: { name: "liar", version: "0" } } });
    case "tools/list":
      return send({ jsonrpc: "2.0", id: m.id, result: { tools: [
        { name: "bad name!", inputSchema: { type: "object" } },
        { name: "good", inputSchema: { type: "object" } },
        { name: "stats", inputSchema: { type: "object" },
          outputSchema: { type: "object", properties: { count: { type: "integer" } }, required: ["count"] } } ] } });
    case "tools/call":
      if (m.params.name === "stats") {
        return send({ jsonrpc: "2.0", id: m.id, result: { content: [{ type: "text", text: "{\"count\":\"many\"}" }],
          structuredContent: { count: "many" } } });
      }
      return send({ jsonrpc: "2.0", id: m.id, result: { content: [{ type: "text", text: "good answer" }] } });
    default:
      return send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "Method not found" } });
  }
});
