package dev.switchboard.gateway.interop;

import dev.switchboard.client.Era;
import dev.switchboard.examples.DemoServer;
import dev.switchboard.testkit.TestServer;
import dev.switchboard.testkit.interop.ThirdPartyClientsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/**
 * The official TypeScript MCP clients through the gateway, which speaks the other era to the demo
 * server behind it (served under its own names, prefix {@code ""}): the session-era clients reach
 * it in 2026-07-28, the 2026-07-28 client reaches it in the session era. The clients must not be
 * able to tell: the same checks as against the demo server itself ({@code ThirdPartyClientsIT} in examples) pass, including progress and the
 * elicitation, which cross the era bridge.
 */
class ThirdPartyClientsThroughGatewayIT extends ThirdPartyClientsContract {
    private static TestServer demo;
    private static Fronted toModern;
    private static Fronted toSession;

    @BeforeAll
    static void start() throws Exception {
        demo = TestServer.start(DemoServer.create());
        toModern = Fronted.of("demo", demo.endpoint(), Era.MODERN);
        toSession = Fronted.of("demo", demo.endpoint(), Era.LEGACY);
    }

    @AfterAll
    static void stop() {
        Fronted.closeAll(toModern, toSession, demo);
    }

    @Override
    protected URI endpoint(String script) {
        return script.equals("v2-modern.mjs") ? toSession.endpoint() : toModern.endpoint();
    }
}
