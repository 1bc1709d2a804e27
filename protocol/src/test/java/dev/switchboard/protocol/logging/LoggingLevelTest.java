package dev.switchboard.protocol.logging;

import dev.switchboard.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggingLevelTest {

    @Test
    void ordersLevelsBySeverity() {
        assertThat(List.of(LoggingLevel.values())).extracting(LoggingLevel::wire).containsExactly(
                "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");
    }

    @ParameterizedTest
    @EnumSource(LoggingLevel.class)
    void readsItsOwnSpelling(LoggingLevel level) {
        assertThat(LoggingLevel.fromWire(level.wire())).isEqualTo(level);
        assertThat(level.isAtLeast(level)).isTrue();
        assertThat(level.isAtLeast(LoggingLevel.DEBUG)).isTrue();
        assertThat(LoggingLevel.EMERGENCY.isAtLeast(level)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WARNING", "warn", "fatal", "trace", ""})
    void returnsNullForAnUnknownLevel(String wire) {
        assertThat(LoggingLevel.fromWire(wire)).isNull();
    }

    @Test
    void filtersMessagesBelowTheRequestedLevel() {
        LoggingLevel threshold = LoggingLevel.WARNING;
        assertThat(LoggingLevel.INFO.isAtLeast(threshold)).isFalse();
        assertThat(LoggingLevel.NOTICE.isAtLeast(threshold)).isFalse();
        assertThat(LoggingLevel.WARNING.isAtLeast(threshold)).isTrue();
        assertThat(LoggingLevel.ERROR.isAtLeast(threshold)).isTrue();
    }

    @Test
    void requiresLevelAndData() {
        assertThatThrownBy(() -> LoggingMessageNotification.of(null, "l", Json.of(1))).hasMessage("level");
        assertThatThrownBy(() -> LoggingMessageNotification.of(LoggingLevel.INFO, "l", null)).hasMessage("data");
        assertThatThrownBy(() -> new SetLevelRequest(null, null)).hasMessage("level");
    }
}
