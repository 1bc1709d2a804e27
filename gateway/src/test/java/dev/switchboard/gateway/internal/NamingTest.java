package dev.switchboard.gateway.internal;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NamingTest {

    @Test
    void prefixesWithTwoUnderscoresAndLeavesEmptyPrefixAlone() {
        assertThat(Naming.qualify("billing", "charge")).isEqualTo("billing__charge");
        assertThat(Naming.qualify("", "charge")).isEqualTo("charge");
    }

    @Test
    void shortensLongNamesTo128StableAndDistinct() {
        String a = Naming.qualify("p", "x".repeat(200));
        String b = Naming.qualify("p", "x".repeat(199) + "y");
        assertThat(a).hasSize(128).startsWith("p__xxx").matches("[A-Za-z0-9_.-]+");
        assertThat(a).isEqualTo(Naming.qualify("p", "x".repeat(200)));
        assertThat(b).hasSize(128).isNotEqualTo(a);
        assertThat(Naming.isValidToolName(a)).isTrue();
    }

    @Test
    void collisionFallsBackToTheUpstreamNameThenANumber() {
        assertThat(Naming.free("b", "", "echo", Set.of("echo"))).isEqualTo("b__echo");
        assertThat(Naming.free("b", "", "echo", Set.of("echo", "b__echo"))).isEqualTo("b__echo_2");
        assertThat(Naming.free("b", "", "echo", Set.of("echo", "b__echo", "b__echo_2"))).isEqualTo("b__echo_3");
        assertThat(Naming.free("b", "x", "echo", Set.of("echo"))).isEqualTo("x__echo");
    }

    @Test
    void numberedNamesStayWithin128() {
        String longName = "n".repeat(126);
        String first = Naming.qualify("b", longName);
        String second = Naming.free("b", "b", longName, Set.of(first));
        assertThat(second).hasSize(128).endsWith("_2").isNotEqualTo(first);
    }

    @Test
    void validatesToolNames() {
        assertThat(Naming.isValidToolName("a.b-c_d9")).isTrue();
        assertThat(Naming.isValidToolName("has space")).isFalse();
        assertThat(Naming.isValidToolName("")).isFalse();
        assertThat(Naming.isValidToolName("x".repeat(129))).isFalse();
    }

    @Test
    void qualifiedUrisRemainUris() {
        String uri = Naming.qualifyUri("files", "file:///etc/hosts");
        assertThat(uri).isEqualTo("files+file:///etc/hosts");
        assertThat(java.net.URI.create(uri).getScheme()).isEqualTo("files+file");
    }
}
