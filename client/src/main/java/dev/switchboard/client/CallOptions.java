package dev.switchboard.client;

import dev.switchboard.protocol.logging.LoggingLevel;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one call: timeout, progress and log callbacks, cancellation, and how long to wait
 * for a task and what to tell of it ({@link McpClient#callToolAndWait}). Immutable; build one
 * with {@link #builder()} or use {@link #DEFAULT}.
 *
 * <pre>{@code
 * CallOptions opts = CallOptions.builder()
 *     .timeout(Duration.ofSeconds(10))
 *     .onProgress(p -> System.out.println(p.progress() + "/" + p.total()))
 *     .onLog(LoggingLevel.INFO, m -> System.out.println(m.data()))
 *     .build();
 * }</pre>
 *
 * @param timeout      how long the whole call may take, excluding time spent in the client's own
 *                     input handlers; null means the client's default
 * @param progress     receives progress notifications, or null (then no progress token is sent)
 * @param logLevel     the lowest level the server should report; null unless {@code log} is set
 * @param log          receives log notifications, or null
 * @param cancellation cancels the call from another thread, or null
 * @param taskTimeout  how long {@link McpClient#callToolAndWait} and {@link McpClient#awaitTask}
 *                     wait for a task to end, excluding time spent in the client's own input
 *                     handlers; null means no bound of the client's (the task's {@code ttlMs}
 *                     still ends it on the server). {@code timeout} then bounds each request
 * @param taskStatus   hears the status changes of a task being waited for, or null
 */
public record CallOptions(Duration timeout, ProgressListener progress, LoggingLevel logLevel, LogListener log,
                          CancellationToken cancellation, Duration taskTimeout, TaskStatusListener taskStatus) {
    /** The client's defaults, no callbacks, no cancellation. */
    public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, null, null, null);

    /** Checks the settings. */
    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
            throw new IllegalArgumentException("taskTimeout must be positive, got " + taskTimeout);
        }
        if ((log == null) != (logLevel == null)) {
            throw new IllegalArgumentException("a log listener needs a log level and the reverse");
        }
    }

    /** Options without a task status listener (the earlier canonical form). */
    public CallOptions(Duration timeout, ProgressListener progress, LoggingLevel logLevel, LogListener log,
                       CancellationToken cancellation, Duration taskTimeout) {
        this(timeout, progress, logLevel, log, cancellation, taskTimeout, null);
    }

    /** Options without a task timeout (the form before that). */
    public CallOptions(Duration timeout, ProgressListener progress, LoggingLevel logLevel, LogListener log,
                       CancellationToken cancellation) {
        this(timeout, progress, logLevel, log, cancellation, null, null);
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CallOptions}; not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private ProgressListener progress;
        private LoggingLevel logLevel;
        private LogListener log;
        private CancellationToken cancellation;
        private Duration taskTimeout;
        private TaskStatusListener taskStatus;

        private Builder() {
        }

        /** Bounds the whole call (default: the client's request timeout). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Asks for progress notifications and delivers them to {@code listener}. */
        public Builder onProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Asks for log messages at {@code level} and above and delivers them to {@code listener}.
         * On MCP 2026-07-28 this sets {@code _meta["io.modelcontextprotocol/logLevel"]}; in the
         * session era, where the level is per session, it sends {@code logging/setLevel} first
         * when the level changes.
         */
        public Builder onLog(LoggingLevel level, LogListener listener) {
            this.logLevel = Objects.requireNonNull(level, "level");
            this.log = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Lets {@code token} cancel the call. Waiting for a task ({@link McpClient#callToolAndWait},
         * {@link McpClient#awaitTask}) then also sends {@code tasks/cancel}.
         */
        public Builder cancellation(CancellationToken token) {
            this.cancellation = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Bounds the whole wait of {@link McpClient#callToolAndWait} and {@link McpClient#awaitTask}
         * (default: none); when it passes, the client sends {@code tasks/cancel} and fails with
         * {@link McpClientException.Kind#TIMEOUT}. {@link #timeout} still bounds each request.
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Tells {@code listener} the status of a task that {@link McpClient#callToolAndWait} or
         * {@link McpClient#awaitTask} waits for: as first seen, then at each change of status or
         * status message (e.g. to show {@code working} / {@code input_required} to a user).
         */
        public Builder onTaskStatus(TaskStatusListener listener) {
            this.taskStatus = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The options. */
        public CallOptions build() {
            return new CallOptions(timeout, progress, logLevel, log, cancellation, taskTimeout, taskStatus);
        }
    }
}
