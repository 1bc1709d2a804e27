package dev.switchboard.client.internal;

import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.notifications.CancelledNotification;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/*
 * Over 400 lines on purpose: the whole life of one child process (start, writing, the reader that
 * routes everything it writes, stderr, shutdown) in the one class that owns it.
 */

/**
 * MCP over stdio: a child process, newline-delimited JSON-RPC on its stdin and stdout, its
 * stderr kept (the last 64 KiB) for the message when it dies. One reader thread routes what the
 * server writes: a response to the call waiting for its id, progress to the call that sent its
 * token, log messages to every call waiting, a server request to the oldest call waiting (the
 * session era answers it through the input handlers on that call's thread; with no call waiting
 * it is answered here), {@code ping} at once; notifications tagged with a listen request's
 * {@code subscriptionId} to that request, any other notification to the open session stream
 * ({@link #stream}), if any. A stopped call sends {@code notifications/cancelled}; the server's
 * {@code notifications/cancelled} (how it ends a listen stream) fails the call it names. When the
 * process exits or closes its stdout, every call waiting fails with {@link Kind#TRANSPORT} naming
 * the exit code and the end of its stderr.
 * {@link #close()} closes stdin, then destroys the process (and its descendants) after a grace
 * period, forcibly after another.
 */
public final class StdioChannel implements Channel, Timer, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StdioChannel.class.getName());
    private static final int STDERR_KEPT = 64 * 1024;
    private static final int STDERR_IN_MESSAGES = 8 * 1024;
    private static final int SNIPPET = 200;

    /**
     * What to start.
     *
     * @param command     the program and its arguments
     * @param directory   the working directory, or null for the current one
     * @param environment variables added to (or, with a null value, removed from) the inherited environment
     * @param grace       how long to wait at each step of shutting the process down
     */
    public record Command(List<String> command, Path directory, Map<String, String> environment, Duration grace) {
        /** Copies the lists. */
        public Command {
            command = List.copyOf(command);
            environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        /** The endpoint that names {@code command} in messages: {@code stdio:<program file name>}. */
        public static URI endpointOf(List<String> command) {
            return endpointFor(command);
        }
    }

    private sealed interface Item {
    }

    private record Arrived(Message message) implements Item {
    }

    private record Stopped(Throwable cause) implements Item {
    }

    private record Failed(McpClientException failure) implements Item {
    }

    private record Ended() implements Item {
    }

    /** A request waiting for its response. */
    private record Waiter(Json progressToken, BlockingQueue<Item> queue) {
    }

    private final Command command;
    private final URI endpoint;
    private final long maxMessageBytes;
    private final InputAnswers answers;
    private final Duration answerTimeout;
    private final Process process;
    private final OutputStream stdin;
    private final ScheduledExecutorService scheduler;
    private final Map<RequestId, Waiter> waiting = new LinkedHashMap<>();
    private volatile Waiter outside; // the session stream, while one is open
    private final Object writeLock = new Object();
    private final byte[] stderrRing = new byte[STDERR_KEPT];
    private long stderrTotal;
    private final Thread stderrReader;
    private volatile boolean ended;
    private volatile boolean closed;

    /**
     * Starts the process.
     *
     * @param command         what to run
     * @param maxMessageBytes the longest line accepted from the server
     * @param answers         answers server requests that arrive while no call waits
     * @param answerTimeout   bound on those answers
     * @throws McpClientException {@link Kind#TRANSPORT} when the process cannot be started
     */
    public StdioChannel(Command command, long maxMessageBytes, InputAnswers answers, Duration answerTimeout) {
        this.command = command;
        this.endpoint = endpointFor(command.command());
        this.maxMessageBytes = maxMessageBytes;
        this.answers = answers;
        this.answerTimeout = answerTimeout;
        ProcessBuilder pb = new ProcessBuilder(command.command());
        if (command.directory() != null) {
            pb.directory(command.directory().toFile());
        }
        command.environment().forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            this.process = pb.start();
        } catch (IOException | RuntimeException e) {
            throw new McpClientException(Kind.TRANSPORT, "Cannot start the MCP server " + command.command() + ": "
                    + e.getMessage(), 0, e);
        }
        this.stdin = process.getOutputStream();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mcp-stdio-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.stderrReader = daemon("mcp-stdio-stderr-" + process.pid(), this::readStderr);
        daemon("mcp-stdio-stdout-" + process.pid(), this::readStdout);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static URI endpointFor(List<String> command) {
        String program = command.isEmpty() ? "" : Path.of(command.getFirst()).getFileName().toString();
        try {
            return new URI("stdio", program.isEmpty() ? "process" : program, null);
        } catch (java.net.URISyntaxException e) {
            return URI.create("stdio:process");
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public boolean ended() {
        return ended || closed;
    }

    @Override
    public boolean cancelsStoppedRequests() {
        return true;
    }

    @Override
    public boolean fallsBackOnAnyProbeAnswer() {
        return true;
    }

    /** The process (tests check it is gone after close). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The last 64 KiB the server wrote to stderr. */
    public String stderr() {
        synchronized (stderrRing) {
            int kept = (int) Math.min(stderrTotal, STDERR_KEPT);
            int start = (int) ((stderrTotal - kept) % STDERR_KEPT);
            byte[] out = new byte[kept];
            int first = Math.min(kept, STDERR_KEPT - start);
            System.arraycopy(stderrRing, start, out, 0, first);
            System.arraycopy(stderrRing, 0, out, first, kept - first);
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
        try {
            ScheduledFuture<?> f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return () -> { }; // closed: the call is being stopped anyway
        }
    }

    @Override
    public PostResult post(Request request, Map<String, String> headers, CallControl control, StreamHandler handler) {
        control.check();
        Waiter waiter = new Waiter(progressToken(request), new LinkedBlockingQueue<>());
        synchronized (waiting) {
            waiting.put(request.id(), waiter);
        }
        Runnable detach = control.attach(t -> waiter.queue().add(new Stopped(t)));
        try {
            if (ended) {
                throw gone(request.method());
            }
            write(request, request.method());
            while (true) {
                Item item;
                try {
                    item = waiter.queue().take();
                } catch (InterruptedException e) {
                    throw stopped(request, control, e);
                }
                switch (item) {
                    case Arrived(Response r) -> {
                        return new PostResult(200, r, null, null);
                    }
                    case Arrived(Notification n) -> handler.notification(n);
                    case Arrived(Request r) -> handler.request(r);
                    case Stopped(Throwable cause) -> throw stopped(request, control, cause);
                    case Failed(McpClientException failure) -> throw failure;
                    case Ended() -> throw gone(request.method());
                }
            }
        } finally {
            detach.run();
            synchronized (waiting) {
                waiting.remove(request.id());
            }
        }
    }

    /** stdout is the session stream: messages for no call come here until stopped or the process ends. */
    @Override
    public int stream(Map<String, String> headers, CallControl control, Runnable opened, StreamHandler handler) {
        control.check();
        Waiter stream = new Waiter(null, new LinkedBlockingQueue<>());
        synchronized (waiting) {
            if (outside != null) {
                throw new IllegalStateException("the session stream is already open");
            }
            outside = stream;
        }
        Runnable detach = control.attach(t -> stream.queue().add(new Stopped(t)));
        try {
            if (ended) {
                throw gone("the session stream");
            }
            opened.run();
            while (true) {
                Item item;
                try {
                    item = stream.queue().take();
                } catch (InterruptedException e) {
                    throw control.failure(e);
                }
                switch (item) {
                    case Arrived(Notification n) -> handler.notification(n);
                    case Arrived(Message m) -> LOG.log(System.Logger.Level.DEBUG, "ignoring " + m);
                    case Stopped(Throwable cause) -> throw control.failure(cause);
                    case Failed(McpClientException failure) -> throw failure;
                    case Ended() -> throw gone("the session stream");
                }
            }
        } finally {
            detach.run();
            outside = null;
        }
    }

    private McpClientException stopped(Request request, CallControl control, Throwable cause) {
        McpClientException failure = control.failure(cause);
        if ((failure.kind() == Kind.CANCELLED || failure.kind() == Kind.TIMEOUT) && !ended) {
            CancelledNotification n = CancelledNotification.of(request.id(),
                    failure.kind() == Kind.TIMEOUT ? "timeout" : "cancelled");
            try {
                write(new Notification(Methods.NOTIFICATION_CANCELLED, Codec.encode(n)), Methods.NOTIFICATION_CANCELLED);
            } catch (McpClientException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not send notifications/cancelled: " + e.getMessage());
            }
        }
        return failure;
    }

    @Override
    public int send(Message message, Map<String, String> headers, CallControl control) {
        control.check();
        String what = switch (message) {
            case Notification n -> n.method();
            case Request r -> r.method();
            case Response r -> "the response to " + r.id();
        };
        write(message, what);
        return 200;
    }

    @Override
    public int delete(Map<String, String> headers, CallControl control) {
        return 200; // the process is the session; close() ends it
    }

    private void write(Message message, String what) {
        if (ended || closed) {
            throw gone(what);
        }
        byte[] line = Wire.write(message);
        synchronized (writeLock) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw gone(what);
            }
        }
    }

    private static Json progressToken(Request request) {
        JsonObject meta = request.params() == null ? null : request.params().getObject("_meta");
        return meta == null ? null : meta.get(MetaKeys.PROGRESS_TOKEN);
    }

    // ---- reading --------------------------------------------------------------------------

    private void readStdout() {
        try (InputStream in = new BufferedInputStream(process.getInputStream())) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() < maxMessageBytes) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                    continue;
                }
                if (tooLong) {
                    failAll(new McpClientException(Kind.INVALID_RESPONSE, "Invalid response from " + endpoint
                            + ": a message exceeds the limit of " + maxMessageBytes
                            + " bytes (McpClient.Builder.maxResponseBytes)"));
                } else {
                    accept(line.toByteArray());
                }
                line.reset();
                tooLong = false;
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "reading from " + endpoint + " failed: " + e.getMessage());
            }
        } finally {
            ended = true;
            for (Waiter w : waiters()) {
                w.queue().add(new Ended());
            }
            Waiter stream = outside;
            if (stream != null) {
                stream.queue().add(new Ended());
            }
        }
    }

    private void accept(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = JsonRpcCodec.decode(Wire.parse(text));
        } catch (RuntimeException e) { // McpException or a codec failure
            LOG.log(System.Logger.Level.WARNING, endpoint + " wrote a line that is not a JSON-RPC message (ignored): "
                    + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "..." : text));
            return;
        }
        switch (message) {
            case Response r -> {
                Waiter w;
                synchronized (waiting) {
                    w = r.id() == null ? null : waiting.get(r.id());
                }
                if (w != null) {
                    w.queue().add(new Arrived(r));
                } else if (r instanceof Response.Failure f && r.id() == null) {
                    LOG.log(System.Logger.Level.WARNING, endpoint + " could not read a message: " + f.error().message());
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "ignoring a response to " + r.id() + ", which no call waits for");
                }
            }
            case Notification n -> notification(n);
            case Request r -> request(r);
        }
    }

    private void notification(Notification n) {
        JsonObject meta = n.params() == null ? null : n.params().getObject("_meta");
        Waiter listen = meta == null ? null : waiter(meta.get(MetaKeys.SUBSCRIPTION_ID));
        if (listen != null) {
            listen.queue().add(new Arrived(n));
            return;
        }
        switch (n.method()) {
            case Methods.NOTIFICATION_PROGRESS -> {
                Json token = n.params() == null ? null : n.params().get("progressToken");
                for (Waiter w : waiters()) {
                    if (token != null && token.equals(w.progressToken())) {
                        w.queue().add(new Arrived(n));
                    }
                }
            }
            case Methods.NOTIFICATION_MESSAGE -> {
                // stdio does not say which request a log message is about: every call waiting sees it
                for (Waiter w : waiters()) {
                    w.queue().add(new Arrived(n));
                }
            }
            case Methods.NOTIFICATION_CANCELLED -> {
                Json id = n.params() == null ? null : n.params().get("requestId");
                Waiter w = waiter(id);
                if (w != null) {
                    w.queue().add(new Failed(new McpClientException(Kind.TRANSPORT, "The server at " + endpoint
                            + " ended request " + id + " (notifications/cancelled)")));
                }
            }
            default -> {
                Waiter stream = outside;
                if (stream != null) {
                    stream.queue().add(new Arrived(n));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "ignoring " + n.method() + " from " + endpoint);
                }
            }
        }
    }

    private Waiter waiter(Json id) {
        RequestId key = id == null ? null : RequestId.fromJson(id);
        synchronized (waiting) {
            return key == null ? null : waiting.get(key);
        }
    }

    private void request(Request r) {
        if (Methods.PING.equals(r.method())) {
            answerNow(new Response.Success(r.id(), JsonObject.EMPTY));
            return;
        }
        List<Waiter> now = waiters();
        if (!now.isEmpty()) {
            now.getFirst().queue().add(new Arrived(r));
            return;
        }
        Thread.ofVirtual().name("mcp-stdio-answer").start(() -> {
            try (CallControl control = new CallControl(this, answerTimeout, null, r.method(), endpoint)) {
                answerNow(answers.answer(r, control));
            }
        });
    }

    private void answerNow(Response response) {
        try {
            write(response, "the response to " + response.id());
        } catch (McpClientException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer " + response.id() + ": " + e.getMessage());
        }
    }

    private void failAll(McpClientException failure) {
        for (Waiter w : waiters()) {
            w.queue().add(new Failed(failure));
        }
    }

    private List<Waiter> waiters() {
        synchronized (waiting) {
            return new ArrayList<>(waiting.values());
        }
    }

    private void readStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = err.read(buf)) >= 0) {
                synchronized (stderrRing) {
                    for (int i = 0; i < n; i++) {
                        stderrRing[(int) (stderrTotal++ % STDERR_KEPT)] = buf[i];
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** The failure of a call whose server is gone: the exit code and the end of its stderr. */
    private McpClientException gone(String what) {
        if (closed) {
            return new McpClientException(Kind.CLOSED, what + " to " + endpoint + " stopped: the client was closed");
        }
        String state;
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                stderrReader.join(1000);
                state = "the server exited with code " + process.exitValue();
            } else {
                state = "the server closed its stdout (process " + process.pid() + " is still running)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "the server's output ended";
        }
        String err = stderr().strip();
        if (err.length() > STDERR_IN_MESSAGES) {
            err = "..." + err.substring(err.length() - STDERR_IN_MESSAGES);
        }
        return new McpClientException(Kind.TRANSPORT, what + " to " + endpoint + " failed: " + state
                + (err.isEmpty() ? " (nothing on stderr)" : "; its stderr ends with:\n" + err));
    }

    /**
     * Ends the process: closes its stdin, waits the grace period, destroys it and its descendants,
     * waits again, then destroys them forcibly. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            synchronized (writeLock) {
                stdin.close();
            }
        } catch (IOException e) {
            // already gone
        }
        long grace = command.grace().toMillis();
        try {
            if (!process.waitFor(grace, TimeUnit.MILLISECONDS)) {
                descendants = process.descendants().toList();
                process.destroy();
                descendants.forEach(ProcessHandle::destroy);
                if (!process.waitFor(grace, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.waitFor(grace, TimeUnit.MILLISECONDS);
                }
            }
            for (ProcessHandle d : descendants) {
                if (d.isAlive()) {
                    d.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
