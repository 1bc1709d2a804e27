package dev.switchboard.client;

import dev.switchboard.testkit.RecordingProxy;
import dev.switchboard.http.McpHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the test classes that drive the real demo server through a {@link RecordingProxy}, so
 * they can check what went over the wire. One server and proxy per test class.
 */
abstract class DemoBehindProxy {
    static McpHttpServer demo;
    static RecordingProxy proxy;

    @BeforeAll
    static void startDemoBehindProxy() throws Exception {
        demo = RealServers.demo();
        proxy = new RecordingProxy(demo.endpoint());
    }

    @AfterAll
    static void stopDemoBehindProxy() {
        proxy.close();
        demo.close();
    }
}
