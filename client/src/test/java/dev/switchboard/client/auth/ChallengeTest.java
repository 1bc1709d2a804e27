package dev.switchboard.client.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeTest {
    @Test
    void readsBearerParametersInAnyOrderAndCase() {
        List<Challenge> cs = Challenge.parse("Bearer Scope=\"mcp:write mcp:read\", resource_metadata=\"http://h/.well-known/"
                + "oauth-protected-resource/mcp\", ERROR=insufficient_scope");
        assertThat(cs).hasSize(1);
        Challenge c = cs.getFirst();
        assertThat(c.is("bearer")).isTrue();
        assertThat(c.error()).isEqualTo("insufficient_scope");
        assertThat(c.scopes()).containsExactly("mcp:write", "mcp:read");
        assertThat(c.resourceMetadata()).isEqualTo("http://h/.well-known/oauth-protected-resource/mcp");
    }

    @Test
    void splitsSeveralChallengesAndKeepsCommasInsideQuotes() {
        List<Challenge> cs = Challenge.parse("Basic realm=\"a, b\", DPoP algs=\"ES256 PS256\", error=\"use_dpop_nonce\","
                + " Bearer realm=\"x\\\"y\"");
        assertThat(cs).extracting(Challenge::scheme).containsExactly("Basic", "DPoP", "Bearer");
        assertThat(cs.get(0).param("realm")).isEqualTo("a, b");
        assertThat(cs.get(1).param("algs")).isEqualTo("ES256 PS256");
        assertThat(cs.get(1).error()).isEqualTo("use_dpop_nonce");
        assertThat(cs.get(2).param("realm")).isEqualTo("x\"y");
    }

    @Test
    void readsToken68AndBareSchemes() {
        List<Challenge> cs = Challenge.parse("Negotiate abc+/=, Bearer");
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).token68()).isEqualTo("abc+/=");
        assertThat(cs.get(1).params()).isEmpty();
        assertThat(Challenge.parse(null)).isEmpty();
        assertThat(Challenge.parse("  ")).isEmpty();
    }

    @Test
    void theOAuthChallengeIsTheBearerOrDpopOne() {
        AuthChallenge c = new AuthChallenge(403, "POST", java.net.URI.create("http://h/mcp"),
                Challenge.parse("Basic realm=x, Bearer error=\"insufficient_scope\", scope=\"a b\""), null, java.util.Map.of());
        assertThat(c.insufficientScope()).isTrue();
        assertThat(c.scopes()).containsExactly("a", "b");
    }
}
