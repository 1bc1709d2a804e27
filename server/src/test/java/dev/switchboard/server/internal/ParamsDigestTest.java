package dev.switchboard.server.internal;

import org.junit.jupiter.api.Test;

import static dev.switchboard.server.Rpc.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The digest that binds {@code requestState} to the request it was issued for. */
class ParamsDigestTest {

    private static String digest(String method, String paramsJson) {
        return ParamsDigest.of(method, json(paramsJson));
    }

    @Test
    void isStableForTheSameParams() {
        assertThat(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":1}}"))
                .isEqualTo(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":1}}"));
    }

    @Test
    void isShortUrlSafeText() {
        assertThat(digest("tools/call", "{\"name\":\"a\"}")).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void ignoresMemberOrderAtEveryDepth() {
        assertThat(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":1,\"y\":{\"p\":1,\"q\":[{\"b\":1,\"a\":2}]}}}"))
                .isEqualTo(digest("tools/call", "{\"arguments\":{\"y\":{\"q\":[{\"a\":2,\"b\":1}],\"p\":1},\"x\":1},\"name\":\"a\"}"));
    }

    @Test
    void ignoresMetaInputResponsesAndRequestState() {
        assertThat(digest("tools/call", "{\"name\":\"a\",\"_meta\":{\"progressToken\":1},\"inputResponses\":{\"k\":{}},"
                + "\"requestState\":\"abc\"}"))
                .isEqualTo(digest("tools/call", "{\"name\":\"a\"}"));
    }

    @Test
    void keepsArrayOrder() {
        assertThat(digest("tools/call", "{\"arguments\":{\"l\":[1,2]}}"))
                .isNotEqualTo(digest("tools/call", "{\"arguments\":{\"l\":[2,1]}}"));
    }

    @Test
    void differsForAnotherMethod() {
        assertThat(digest("tools/call", "{\"name\":\"a\"}")).isNotEqualTo(digest("prompts/get", "{\"name\":\"a\"}"));
    }

    @Test
    void differsForAnotherName() {
        assertThat(digest("tools/call", "{\"name\":\"a\"}")).isNotEqualTo(digest("tools/call", "{\"name\":\"b\"}"));
    }

    @Test
    void differsForOtherArguments() {
        assertThat(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":1}}"))
                .isNotEqualTo(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":2}}"))
                .isNotEqualTo(digest("tools/call", "{\"name\":\"a\",\"arguments\":{\"x\":\"1\"}}"))
                .isNotEqualTo(digest("tools/call", "{\"name\":\"a\"}"));
    }

    @Test
    void differsForAnotherUri() {
        assertThat(digest("resources/read", "{\"uri\":\"a://1\"}")).isNotEqualTo(digest("resources/read", "{\"uri\":\"a://2\"}"));
    }

    @Test
    void doesNotConfuseMethodAndParamBoundaries() {
        assertThat(ParamsDigest.of("tools/call", json("{}"))).isNotEqualTo(ParamsDigest.of("tools/cal", json("{}")));
    }
}
