package dev.switchboard.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerChallengeTest {

    @Test
    void pairsInOrderAndNullValuesLeftOut() {
        assertThat(BearerChallenge.of("realm", "billing", "error", null, "scope", "a b"))
                .isEqualTo("Bearer realm=\"billing\", scope=\"a b\"");
        assertThat(BearerChallenge.of()).isEqualTo("Bearer");
    }

    @Test
    void valuesAreAlwaysValidQuotedStrings() {
        // quotes, backslashes, line breaks and non-ASCII from claims or messages cannot break the header
        assertThat(BearerChallenge.of("error_description", "aud \"x\\y\"\r\nSet-Cookie: z é"))
                .isEqualTo("Bearer error_description=\"aud 'x'y'''Set-Cookie: z '\"");
    }

    @Test
    void oddArgumentsAreRefused() {
        assertThatThrownBy(() -> BearerChallenge.of("realm")).isInstanceOf(IllegalArgumentException.class);
    }
}
