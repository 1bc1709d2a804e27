package dev.switchboard.state.tasks;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.switchboard.state.tasks.TaskStatus.CANCELLED;
import static dev.switchboard.state.tasks.TaskStatus.COMPLETED;
import static dev.switchboard.state.tasks.TaskStatus.FAILED;
import static dev.switchboard.state.tasks.TaskStatus.INPUT_REQUIRED;
import static dev.switchboard.state.tasks.TaskStatus.WORKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transition table against the extension's text (protocol-brief §5.3), cell by cell. */
class TaskStatusTest {

    @Test
    void theTableIsTheExtensions() {
        Set<TaskStatus> all = EnumSet.allOf(TaskStatus.class);
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                boolean expected = switch (from) {
                    // working <-> input_required, either -> a terminal state (and staying put)
                    case WORKING, INPUT_REQUIRED -> all.contains(to);
                    // terminal states never change
                    case COMPLETED, FAILED, CANCELLED -> false;
                };
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
            }
        }
    }

    @Test
    void exactlyTheThreeOutcomesAreTerminal() {
        assertThat(EnumSet.allOf(TaskStatus.class).stream().filter(TaskStatus::isTerminal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED);
        assertThat(WORKING.isTerminal()).isFalse();
        assertThat(INPUT_REQUIRED.isTerminal()).isFalse();
    }

    @Test
    void wireNamesAreTheExtensions() {
        assertThat(TaskStatus.values()).extracting(TaskStatus::wireName)
                .containsExactly("working", "input_required", "completed", "failed", "cancelled");
        for (TaskStatus s : TaskStatus.values()) {
            assertThat(TaskStatus.fromWire(s.wireName())).isEqualTo(s);
        }
        assertThatThrownBy(() -> TaskStatus.fromWire("submitted")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("submitted");
    }

    @Test
    void generatedIdsAreValidAndDistinct() {
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = TaskIds.newId();
            assertThat(TaskIds.isValid(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        assertThat(java.util.Base64.getUrlDecoder().decode(TaskIds.newId())).hasSize(TaskIds.RANDOM_BYTES);
        assertThat(TaskIds.isValid("a".repeat(21))).isFalse();
        assertThat(TaskIds.isValid("a".repeat(513))).isFalse();
        assertThat(TaskIds.isValid("a".repeat(21) + "=")).isFalse();
    }
}
