package dev.switchboard.client.auth.internal;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {
    @Test
    void protectedResourceMetadataIsPathInsertedThenRoot() {
        assertThat(Discovery.resourceCandidates(URI.create("https://h:8443/public/mcp"))).containsExactly(
                URI.create("https://h:8443/.well-known/oauth-protected-resource/public/mcp"),
                URI.create("https://h:8443/.well-known/oauth-protected-resource"));
        assertThat(Discovery.resourceCandidates(URI.create("https://h/"))).containsExactly(
                URI.create("https://h/.well-known/oauth-protected-resource"));
    }

    @Test
    void serverMetadataOrderFollowsRfc8414ThenOpenIdConnect() {
        assertThat(Discovery.serverCandidates(URI.create("https://as.example"))).containsExactly(
                URI.create("https://as.example/.well-known/oauth-authorization-server"),
                URI.create("https://as.example/.well-known/openid-configuration"));
        assertThat(Discovery.serverCandidates(URI.create("https://as.example/tenant1"))).containsExactly(
                URI.create("https://as.example/.well-known/oauth-authorization-server/tenant1"),
                URI.create("https://as.example/.well-known/openid-configuration/tenant1"),
                URI.create("https://as.example/tenant1/.well-known/openid-configuration"));
    }

    @Test
    void aResourceCoversEndpointsAtOrBelowItsPathOnTheSameOrigin() {
        URI mcp = URI.create("http://localhost:3000/mcp");
        assertThat(Discovery.covers("http://localhost:3000/mcp", mcp)).isTrue();
        assertThat(Discovery.covers("http://localhost:3000", mcp)).isTrue();
        assertThat(Discovery.covers("http://localhost:3000/", mcp)).isTrue();
        assertThat(Discovery.covers("HTTP://LOCALHOST:3000/mcp", mcp)).isTrue();
        assertThat(Discovery.covers("https://localhost/mcp", URI.create("https://localhost:443/mcp/x"))).isTrue();
        assertThat(Discovery.covers("https://evil.example.com/mcp", mcp)).isFalse();
        assertThat(Discovery.covers("http://localhost:3001/mcp", mcp)).isFalse();
        assertThat(Discovery.covers("https://localhost:3000/mcp", mcp)).isFalse();
        assertThat(Discovery.covers("http://localhost:3000/mc", mcp)).isFalse();
        assertThat(Discovery.covers("http://localhost:3000/mcp/admin", mcp)).isFalse();
        assertThat(Discovery.covers("http://localhost:3000/mcp#x", mcp)).isFalse();
        assertThat(Discovery.covers("not a uri", mcp)).isFalse();
    }

    @Test
    void loopbackHostsMayUsePlainHttp() {
        assertThat(Discovery.isLoopback("localhost")).isTrue();
        assertThat(Discovery.isLoopback("127.0.0.1")).isTrue();
        assertThat(Discovery.isLoopback("[::1]")).isTrue();
        assertThat(Discovery.isLoopback("example.com")).isFalse();
        assertThat(Discovery.isLoopback("127.example.com")).isTrue(); // a name, but it starts like the loopback range
    }
}
