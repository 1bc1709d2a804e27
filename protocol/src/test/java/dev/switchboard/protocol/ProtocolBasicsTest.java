package dev.switchboard.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolBasicsTest {

    @ParameterizedTest
    @EnumSource(CacheScope.class)
    void spellsCacheScopesInLowercase(CacheScope scope) {
        assertThat(scope.wire()).isEqualTo(scope.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(CacheScope.fromWire(scope.wire())).isEqualTo(scope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUBLIC", "shared", "", "no-store"})
    void findsNoScopeForOtherSpellings(String wire) {
        assertThat(CacheScope.fromWire(wire)).isNull();
    }

    @Test
    void findsNoScopeForNull() {
        assertThat(CacheScope.fromWire(null)).isNull();
    }

    @Test
    void treatsOnlyKnownSessionEraVersionsAsLegacy() {
        assertThat(ProtocolVersion.isModern("2026-07-28")).isTrue();
        assertThat(ProtocolVersion.isModern("2025-11-25")).isFalse();
        assertThat(ProtocolVersion.isModern("2025-06-18")).isFalse();
        assertThat(ProtocolVersion.isModern("v999.0.0")).isTrue();
        assertThat(ProtocolVersion.isSupportedModern("2026-07-28")).isTrue();
        assertThat(ProtocolVersion.isSupportedModern("v999.0.0")).isFalse();
    }

    @Test
    void listsTheRemovedAndMrtrMethods() {
        assertThat(Methods.REMOVED_IN_MODERN).contains(Methods.INITIALIZE, Methods.PING, Methods.LOGGING_SET_LEVEL,
                Methods.RESOURCES_SUBSCRIBE, Methods.RESOURCES_UNSUBSCRIBE);
        assertThat(Methods.MRTR_METHODS).containsExactlyInAnyOrder(Methods.TOOLS_CALL, Methods.PROMPTS_GET,
                Methods.RESOURCES_READ);
    }

    @Test
    void buildsTheEmptyResultAndFirstPage() {
        assertThat(EmptyResult.of()).isSameAs(EmptyResult.EMPTY);
        assertThat(EmptyResult.of().meta()).isNull();
        assertThat(PaginatedRequest.firstPage().cursor()).isNull();
        assertThat(PaginatedRequest.after("c").cursor()).isEqualTo("c");
    }

    @Test
    void namesTheReservedMetaKeys() {
        assertThat(MetaKeys.PROTOCOL_VERSION).isEqualTo("io.modelcontextprotocol/protocolVersion");
        assertThat(MetaKeys.SUBSCRIPTION_ID).isEqualTo("io.modelcontextprotocol/subscriptionId");
        assertThat(MetaKeys.PROGRESS_TOKEN).isEqualTo("progressToken");
    }
}
