package dev.switchboard.gateway.interop;

import dev.switchboard.client.Era;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.UpstreamConfig;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.McpHttpServer;

import java.net.URI;

/**
 * A gateway in front of one upstream, served over HTTP on a free loopback port: what the interop
 * tests put between a third-party client and a server. The upstream keeps its own names (prefix
 * {@code ""}); {@code era} is the one the gateway speaks to it.
 */
record Fronted(Gateway gateway, McpHttpServer front) implements AutoCloseable {

    static Fronted of(String name, URI upstream, Era era) throws Exception {
        return of(name, upstream, era, Authenticator.ANONYMOUS);
    }

    /** As {@link #of(String, URI, Era)}, every request first seen by {@code authenticator}. */
    static Fronted of(String name, URI upstream, Era era, Authenticator authenticator) throws Exception {
        Gateway gateway = Gateway.builder("test/gateway", "1.0")
                .upstream(UpstreamConfig.http(name, upstream).withEra(era).withPrefix("")).start();
        return new Fronted(gateway, McpHttpServer.builder(gateway.server()).authenticator(authenticator).port(0).start());
    }

    URI endpoint() {
        return front.endpoint();
    }

    @Override
    public void close() {
        front.close();
        gateway.close();
    }

    /** Closes each that was started (null: never started), the first failure reported after all were tried. */
    static void closeAll(AutoCloseable... all) {
        IllegalStateException failed = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                failed = failed != null ? failed : new IllegalStateException(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
