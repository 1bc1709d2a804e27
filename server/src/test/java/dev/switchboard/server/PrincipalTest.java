package dev.switchboard.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalTest {

    @Test
    void theAnonymousKeyStaysAnonymous() {
        assertThat(Principal.ANONYMOUS.key()).isEqualTo("anonymous");
        assertThat(Principal.ANONYMOUS.isAnonymous()).isTrue();
        assertThat(Principal.ANONYMOUS.agent()).isNull();
        assertThat(Principal.user("", "alice", Set.of()).key()).isEqualTo("alice");
        assertThatThrownBy(() -> Principal.user("", "a|b", Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyNamesIssuerSubjectAndChainButNotScopes() {
        Principal a = new Principal("iss", "alice", List.of("compliance", "billing"), Set.of("approve"));
        Principal sameButOtherScopes = new Principal("iss", "alice", List.of("compliance", "billing"), Set.of());
        Principal direct = Principal.user("iss", "alice", Set.of("approve"));
        assertThat(a.key()).isEqualTo(sameButOtherScopes.key()).isNotEqualTo(direct.key());
        assertThat(a.agent()).isEqualTo("compliance");
        assertThat(a.describe()).isEqualTo("compliance for billing for alice");
        assertThat(direct.describe()).isEqualTo("alice");
    }

    @Test
    void jsonRoundTrips() {
        Principal a = new Principal("iss", "alice", List.of("compliance", "billing"), Set.of("b", "a"));
        assertThat(Principal.fromJson(a.toJson())).isEqualTo(a);
        assertThat(Principal.fromJson(Principal.ANONYMOUS.toJson())).isEqualTo(Principal.ANONYMOUS);
        assertThat(Principal.fromJson(null)).isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void groupsRolesAndTenantAreAttributesNotIdentityAndRoundTrip() {
        Principal plain = new Principal("iss", "alice", List.of("bot"), Set.of("s"));
        Principal member = plain.withMembership(Set.of("finance", "staff"), Set.of("approver"), "acme");
        assertThat(member.key()).isEqualTo(plain.key());
        assertThat(member.groups()).containsExactlyInAnyOrder("finance", "staff");
        assertThat(Principal.fromJson(member.toJson())).isEqualTo(member);
        assertThat(member.toJson().getString("tenant")).isEqualTo("acme");
        assertThat(plain.toJson().has("groups")).as("absent when empty: older records keep their shape").isFalse();
        assertThat(plain.tenant()).isEmpty();
    }
}
