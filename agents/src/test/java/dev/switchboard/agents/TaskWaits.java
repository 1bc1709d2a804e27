package dev.switchboard.agents;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.tasks.DetailedTask;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Polling a task until it reaches a status, for the tests of this module. */
public final class TaskWaits {
    private TaskWaits() {
    }

    /** Polls {@code taskId} every 50 ms for up to 15 s until it has {@code status}; fails otherwise. */
    public static DetailedTask waitFor(McpClient client, String taskId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        DetailedTask t = client.getTask(taskId);
        while (!t.task().status().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            t = client.getTask(taskId);
        }
        assertThat(t.task().status()).as("task " + taskId + ": " + t).isEqualTo(status);
        return t;
    }
}
