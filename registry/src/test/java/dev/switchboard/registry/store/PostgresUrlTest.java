package dev.switchboard.registry.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configured PostgreSQL URLs become the driver's, and bad ones are refused saying which form is expected. */
class PostgresUrlTest {
    @Test
    void readsUserPasswordHostPortDatabaseAndParameters() {
        PostgresUrl u = PostgresUrl.parse("postgresql://app:p%40ss@db.internal:6432/registry?sslmode=require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/registry?sslmode=require");
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(u.shown()).isEqualTo("postgresql://app:***@db.internal:6432/registry?sslmode=require");
        assertThat(u.toString()).doesNotContain("p@ss");
    }

    @Test
    void acceptsTheShortSchemeAndTheDriversForm() {
        assertThat(PostgresUrl.parse("postgres://localhost/r").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/r");
        PostgresUrl jdbc = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/r");
        assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/r");
        assertThat(jdbc.user()).isNull();
        assertThat(PostgresUrl.looksLike("postgresql://x/y")).isTrue();
        assertThat(PostgresUrl.looksLike("/var/lib/registry")).isFalse();
    }

    @Test
    void aPasswordInTheParametersIsMaskedToo() {
        assertThat(PostgresUrl.parse("postgresql://h/r?password=hunter2").shown()).doesNotContain("hunter2");
    }

    @Test
    void refusesWhatIsNotAPostgresqlUrl() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://h/r")).hasMessageContaining("the scheme must be postgresql://")
                .hasMessageContaining("expected postgresql://[user[:password]@]host[:port]/database");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///r")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h")).hasMessageContaining("one database name");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/a/b")).hasMessageContaining("one database name");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:x/r")).isInstanceOf(IllegalArgumentException.class);
    }
}
