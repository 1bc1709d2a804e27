package dev.switchboard.server.tasks;

import dev.switchboard.state.StateUnavailableException;
import dev.switchboard.state.tasks.NewTask;
import dev.switchboard.state.tasks.TaskChange;
import dev.switchboard.state.tasks.TaskRecord;
import dev.switchboard.state.tasks.TaskStore;
import dev.switchboard.state.tasks.TaskUpdateResult;

import java.util.List;

/**
 * One instance's view of a shared {@link TaskStore} that the test can cut off, as a network
 * partition (or a frozen process) would: while cut off, every call fails as a backend outage does.
 */
final class PartitionableStore implements TaskStore {
    private final TaskStore shared;
    private volatile boolean cutOff;

    PartitionableStore(TaskStore shared) {
        this.shared = shared;
    }

    void cutOff(boolean cut) {
        this.cutOff = cut;
    }

    private void check() {
        if (cutOff) {
            throw new StateUnavailableException("partitioned (test)");
        }
    }

    @Override
    public TaskRecord create(NewTask task) {
        check();
        return shared.create(task);
    }

    @Override
    public TaskRecord get(String owner, String taskId) {
        check();
        return shared.get(owner, taskId);
    }

    @Override
    public TaskUpdateResult update(String owner, String taskId, TaskChange change) {
        check();
        return shared.update(owner, taskId, change);
    }

    @Override
    public boolean delete(String owner, String taskId) {
        check();
        return shared.delete(owner, taskId);
    }

    @Override
    public List<TaskRecord> expiredLeases(int limit) {
        check();
        return shared.expiredLeases(limit);
    }
}
