package dev.switchboard.cli;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code call --wait}: runs the tool as a task when the server offers the Tasks extension, tells
 * each status change on stderr, and waits for the result. Ctrl-C (any JVM shutdown) cancels the
 * task: a shutdown hook fires the wait's cancellation token, so the waiting thread sends
 * {@code tasks/cancel} and says so before the JVM exits. A server without tasks gets a normal call.
 */
final class WaitingCall {
    /** How long the shutdown hook lets the waiting thread cancel the task before doing it itself. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

    private final McpClient client;
    private final PrintWriter err;
    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** The task as last told; the hook reads it to cancel a task whose waiter is stuck at a prompt. */
    private volatile Task task;
    private volatile boolean interrupted;

    WaitingCall(McpClient client, PrintWriter err) {
        this.client = client;
        this.err = err;
    }

    /** The call was interrupted (Ctrl-C); what happened is already on stderr. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /**
     * Calls and waits.
     *
     * @param options the call's options (progress); the status listener and the token are added here
     * @throws Interrupted when Ctrl-C ended the wait
     */
    CallToolResult call(CallToolRequest request, CallOptions.Builder options) {
        if (client.era() != Era.MODERN || !client.serverCapabilities().hasExtension(TasksExtension.ID)) {
            err.println("[the server does not offer tasks (" + TasksExtension.ID + "): waiting for a normal call]");
            return client.callTool(request, options.build());
        }
        CallOptions waiting = options.cancellation(token).onTaskStatus(this::tell).build();
        Thread hook = new Thread(this::onShutdown, "switchboard-cancel-task");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return client.callToolAndWait(request, waiting);
        } catch (McpClientException e) {
            if (interrupted && e.kind() == McpClientException.Kind.CANCELLED) {
                // printed here, not by ExitCodes: the JVM exits as soon as the hook returns, which is after this
                err.println("switchboard: interrupted: " + e.getMessage());
                throw new Interrupted();
            }
            throw e;
        } finally {
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running, and now returns
            }
        }
    }

    private void tell(Task t) {
        task = t;
        String message = t.statusMessage() == null || t.statusMessage().isBlank() ? "" : " — " + t.statusMessage();
        err.println("[task " + t.taskId() + ": " + t.status() + message + "]");
        err.flush();
    }

    /** The shutdown hook: stops the wait, and cancels the task itself if the waiter does not finish in time. */
    private void onShutdown() {
        interrupted = true;
        token.cancel();
        try {
            if (finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // still waiting: most likely at a prompt, reading stdin, which no token can interrupt
        Task last = task;
        if (last == null || last.isTerminal()) {
            err.println("switchboard: interrupted");
        } else {
            try {
                client.cancelTask(CancelTaskRequest.of(last.taskId()), CallOptions.builder().timeout(CANCEL_TIMEOUT).build());
                err.println("switchboard: interrupted: task " + last.taskId() + " cancelled (tasks/cancel sent)");
            } catch (RuntimeException e) {
                err.println("switchboard: interrupted; tasks/cancel of task " + last.taskId() + " failed: " + e.getMessage());
            }
        }
        err.flush();
    }
}
