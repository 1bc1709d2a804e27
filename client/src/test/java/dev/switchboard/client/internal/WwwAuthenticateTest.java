package dev.switchboard.client.internal;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class WwwAuthenticateTest {

    @Test
    void readsAQuotedResourceMetadataUrl() {
        assertThat(WwwAuthenticate.resourceMetadata(
                "Bearer realm=\"mcp\", resource_metadata=\"https://a.example/.well-known/oauth-protected-resource/mcp\""))
                .isEqualTo(URI.create("https://a.example/.well-known/oauth-protected-resource/mcp"));
    }

    @Test
    void readsAnUnquotedOneInAnyCase() {
        assertThat(WwwAuthenticate.resourceMetadata("Bearer Resource_Metadata=https://a.example/m, scope=\"x\""))
                .isEqualTo(URI.create("https://a.example/m"));
    }

    @Test
    void nullWhenAbsentOrUnusable() {
        assertThat(WwwAuthenticate.resourceMetadata(null)).isNull();
        assertThat(WwwAuthenticate.resourceMetadata("Bearer realm=\"x\"")).isNull();
        assertThat(WwwAuthenticate.resourceMetadata("Bearer resource_metadata=\"not a uri\"")).isNull();
        assertThat(WwwAuthenticate.resourceMetadata("Bearer my_resource_metadata=\"https://x\"")).isNull();
    }
}
