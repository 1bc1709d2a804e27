package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Cacheable;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The six cacheable results ({@code CacheableResult}): both hints are written, absent or negative
 * {@code ttlMs} reads as 0, an unknown scope is an error, and results from peers that sent no
 * hints round-trip without inventing them.
 */
class CachingTest {

    /** Type, a body without hints, and a factory from (ttl, scope). */
    static Stream<Arguments> cacheables() {
        return Stream.of(
                row(ListToolsResult.class, "{\"resultType\":\"complete\",\"tools\":[]}",
                        (ttl, s) -> new ListToolsResult(List.of(), null, ttl, s, null)),
                row(ListPromptsResult.class, "{\"resultType\":\"complete\",\"prompts\":[]}",
                        (ttl, s) -> new ListPromptsResult(List.of(), null, ttl, s, null)),
                row(ListResourcesResult.class, "{\"resultType\":\"complete\",\"resources\":[]}",
                        (ttl, s) -> new ListResourcesResult(List.of(), null, ttl, s, null)),
                row(ListResourceTemplatesResult.class, "{\"resultType\":\"complete\",\"resourceTemplates\":[]}",
                        (ttl, s) -> new ListResourceTemplatesResult(List.of(), null, ttl, s, null)),
                row(ReadResourceResult.class, "{\"resultType\":\"complete\",\"contents\":[]}",
                        (ttl, s) -> new ReadResourceResult(List.of(), ttl, s, null)),
                row(DiscoverResult.class, "{\"resultType\":\"complete\",\"supportedVersions\":[\"2026-07-28\"],"
                        + "\"capabilities\":{}}",
                        (ttl, s) -> new DiscoverResult(List.of("2026-07-28"), ServerCapabilities.EMPTY, null, ttl, s,
                                null)));
    }

    private static Arguments row(Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> factory) {
        return Arguments.of(type.getSimpleName(), type, body, factory);
    }

    private static JsonObject body(String body, String extra) {
        String b = body.substring(0, body.length() - 1) + extra + "}";
        return (JsonObject) Wire.parse(b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void writesBothHints(String name, Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> f) {
        JsonObject out = Codec.encode(f.apply(300_000L, CacheScope.PRIVATE));
        assertThat(out.get("ttlMs")).isEqualTo(Json.of(300_000));
        assertThat(out.getString("cacheScope")).isEqualTo("private");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void writesAZeroTtlWhenAScopeIsSet(String name, Class<?> type, String body,
                                       BiFunction<Long, CacheScope, Cacheable> f) {
        JsonObject out = Codec.encode(f.apply(0L, CacheScope.PUBLIC));
        assertThat(out.get("ttlMs")).isEqualTo(Json.of(0));
        assertThat(out.getString("cacheScope")).isEqualTo("public");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void readsBothHints(String name, Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> f) {
        Cacheable c = (Cacheable) Codec.decode(body(body, ",\"ttlMs\":60000,\"cacheScope\":\"public\""), type);
        assertThat(c.ttlMs()).isEqualTo(60_000);
        assertThat(c.cacheScope()).isEqualTo(CacheScope.PUBLIC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void roundTripsAPeerResultWithoutHintsUnchanged(String name, Class<?> type, String body,
                                                    BiFunction<Long, CacheScope, Cacheable> f) {
        JsonObject in = (JsonObject) Wire.parse(body);
        Cacheable c = (Cacheable) Codec.decode(in, type);
        assertThat(c.ttlMs()).isZero();
        assertThat(c.cacheScope()).isNull();
        assertThat(Codec.encode(c)).isEqualTo(in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void keepsATtlSentWithoutAScope(String name, Class<?> type, String body,
                                    BiFunction<Long, CacheScope, Cacheable> f) {
        JsonObject in = body(body, ",\"ttlMs\":5");
        Cacheable c = (Cacheable) Codec.decode(in, type);
        assertThat(c.ttlMs()).isEqualTo(5);
        assertThat(Codec.encode(c)).isEqualTo(in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void readsANegativeTtlAsZero(String name, Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> f) {
        Cacheable c = (Cacheable) Codec.decode(body(body, ",\"ttlMs\":-100,\"cacheScope\":\"private\""), type);
        assertThat(c.ttlMs()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void refusesAFractionalTtl(String name, Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> f) {
        assertThatThrownBy(() -> Codec.decode(body(body, ",\"ttlMs\":1.5"), type, "result"))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("result.ttlMs: expected integer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void refusesAnUnknownScope(String name, Class<?> type, String body, BiFunction<Long, CacheScope, Cacheable> f) {
        assertThatThrownBy(() -> Codec.decode(body(body, ",\"ttlMs\":1,\"cacheScope\":\"shared\""), type, "result"))
                .isInstanceOf(DecodeException.class)
                .hasMessage("result.cacheScope: expected \"public\" or \"private\", got \"shared\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void refusesANegativeTtlFromTheServerSide(String name, Class<?> type, String body,
                                              BiFunction<Long, CacheScope, Cacheable> f) {
        assertThatThrownBy(() -> f.apply(-1L, CacheScope.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttlMs must be >= 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cacheables")
    void writesTheHintsAfterTheBodyAndBeforeMeta(String name, Class<?> type, String body,
                                                 BiFunction<Long, CacheScope, Cacheable> f) {
        JsonObject in = body(body, ",\"ttlMs\":1,\"cacheScope\":\"public\",\"_meta\":{\"k\":1}");
        List<String> keys = List.copyOf(Codec.encode(Codec.decode(in, type)).members().keySet());
        assertThat(keys.indexOf("ttlMs")).isLessThan(keys.indexOf("cacheScope"));
        assertThat(keys.indexOf("cacheScope")).isLessThan(keys.indexOf("_meta"));
    }
}
