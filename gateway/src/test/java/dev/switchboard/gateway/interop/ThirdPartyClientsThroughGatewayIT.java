package dev.switchboard.gateway.interop;

import dev.switchboard.client.Era;
import dev.switchboard.examples.DemoServer;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.http.McpHttpServer;
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
    private static Gateway toModern;
    private static Gateway toSession;
    private static McpHttpServer frontOfModern;
    private static McpHttpServer frontOfSession;

    @BeforeAll
    static void start() throws Exception {
        demo = TestServer.start(DemoServer.create());
        toModern = Gateway.builder("test/gateway", "1.0")
                .upstream(UpstreamConfig.http("demo", demo.endpoint()).withEra(Era.MODERN).withPrefix("")).start();
        toSession = Gateway.builder("test/gateway", "1.0")
                .upstream(UpstreamConfig.http("demo", demo.endpoint()).withEra(Era.LEGACY).withPrefix("")).start();
        frontOfModern = McpHttpServer.builder(toModern.server()).port(0).start();
        frontOfSession = McpHttpServer.builder(toSession.server()).port(0).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{frontOfModern, frontOfSession, toModern, toSession, demo}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    protected URI endpoint(String script) {
        return script.equals("v2-modern.mjs") ? frontOfSession.endpoint() : frontOfModern.endpoint();
    }
}
