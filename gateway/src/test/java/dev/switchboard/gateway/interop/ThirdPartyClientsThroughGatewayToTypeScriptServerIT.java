package dev.switchboard.gateway.interop;

import dev.switchboard.client.Era;
import dev.switchboard.testkit.interop.NodeScripts;
import dev.switchboard.testkit.interop.ThirdPartyClientsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.time.Duration;

/**
 * Third-party software at both ends of the gateway: the official TypeScript clients (v1 SDK, v2 in
 * either era) through the gateway to the demo's tools on the TypeScript SDK v2 server
 * ({@code interop/v2-server.mjs}, spoken to in 2026-07-28). The same checks as against the demo
 * server itself pass: what the session-era clients need (a session, {@code elicitation/create} on
 * the call's stream, DELETE) is the gateway's, since that server is stateless and only asks with
 * {@code input_required}.
 */
class ThirdPartyClientsThroughGatewayToTypeScriptServerIT extends ThirdPartyClientsContract {
    private static NodeScripts.Server ts;
    private static Fronted front;

    @BeforeAll
    static void start() throws Exception {
        ts = NodeScripts.prepare().startServer("v2-server.mjs", Duration.ofSeconds(30));
        front = Fronted.of("ts", ts.url(), Era.MODERN);
    }

    @AfterAll
    static void stop() {
        Fronted.closeAll(front, ts);
    }

    @Override
    protected URI endpoint(String script) {
        return front.endpoint();
    }
}
