package dev.switchboard.examples.interop;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.testkit.TestServer;
import dev.switchboard.testkit.interop.ThirdPartyClientsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/** The official TypeScript MCP clients against the demo server on a real loopback port. */
class ThirdPartyClientsIT extends ThirdPartyClientsContract {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(DemoServer.create());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected URI endpoint(String script) {
        return server.endpoint();
    }
}
