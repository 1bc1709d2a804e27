package dev.switchboard.policy.audit;

import dev.switchboard.policy.Decision;
import dev.switchboard.policy.DecisionListener;
import dev.switchboard.policy.Outcome;
import dev.switchboard.policy.PolicyRequest;
import dev.switchboard.policy.Reload;
import dev.switchboard.policy.approval.Approval;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.approval.ApprovalListener;
import dev.switchboard.policy.approval.Approver;
import dev.switchboard.policy.approval.Approvers;
import dev.switchboard.policy.approval.Redemption;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.RequestContext;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.AuditRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns governance events into audit records: one per policy decision ({@link #decided}, the
 * {@link DecisionListener} of a {@link dev.switchboard.policy.PolicyInterceptor}), one per request
 * refused by authentication ({@link #refused}), one per bundle reload ({@link #reloaded}), plus
 * signed {@link Checkpoint}s every {@code checkpointEvery} records or {@code checkpointInterval},
 * whichever comes first, each also published to the {@link TrustedHead}.
 *
 * <p><b>Durable before the answer, by group commit.</b> The request thread builds the event
 * (arguments reduced to their {@linkplain AuditKey#hashArguments keyed hash}, never written raw)
 * and puts it on a bounded queue; one writer thread takes everything waiting (up to
 * {@value #BATCH} events), appends it to the {@link AuditLog}, makes it durable with one
 * {@link AuditLog#sync()}, and only then releases the requests, which wait up to about
 * {@code durableWait} for that (a deadline thread looks every tenth of it). Under load many
 * requests share one {@code fsync}; when the processors are the bottleneck and batches hold more
 * than one event, the writer also waits up to one more fsync's time for a batch to fill. A
 * checkpoint rides on a batch's fsync. An allowed call whose record is not durable in time is
 * refused ({@code -31503}); its record is still written.
 *
 * <p><b>When the queue is full</b> the request thread waits up to {@code maxWait} for room. If
 * there is still none, or the log is failing, the event is not recorded: it is counted
 * ({@link AuditStats#overflowed()}) and logged at WARNING with its content, never dropped
 * silently; and if it allowed a call, the call is refused with {@code -31503} instead of running
 * unaudited (fail closed). A denial or refusal is refused anyway, so it only costs the record.
 *
 * <p><b>When the log fails</b> (a full disk; Redis down with no spool), the writer keeps the event
 * and retries every second, and allowed calls are refused until an append succeeds. On
 * {@link #close()} the queue is drained (for up to {@code closeTimeout}) and a last checkpoint
 * written; what cannot be written then is logged and counted as overflowed.
 *
 * <p>The auditor does not own the log or the head: close them after it. Thread-safe.
 */
public final class Auditor implements DecisionListener, ApprovalListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Auditor.class.getName());
    /** The most events one append-and-sync covers. */
    static final int BATCH = 256;
    /** A batch smaller than this waits a little for more while others are calling (see {@link #run}). */
    private static final int GATHER = 16;
    private static final long MAX_GATHER_NANOS = 1_000_000;
    private static final Pending STOP = new Pending(JsonObject.of("type", dev.switchboard.protocol.json.Json.of("stop")), 0);

    private final AuditLog log;
    private final AuditKey key;
    private final String instance;
    private final TrustedHead head;
    private final BlockingQueue<Pending> queue;
    private final Duration maxWait;
    private final Duration durableWait;
    private final int checkpointEvery;
    private final Duration checkpointInterval;
    private final Duration closeTimeout;
    private final Clock clock;
    private final boolean rawArguments;
    private final Thread writer;
    private final CpuLoad cpu = new CpuLoad(); // writer thread only
    private final Thread deadlines;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong(); // accepted events the writer is done with
    private volatile boolean failing;
    private volatile boolean closed;
    private volatile boolean abandon;
    private volatile List<Pending> writing = List.of(); // the writer's batch, for the deadline thread
    // writer thread only
    private AuditRecord last;
    private long signedSequence;
    private long sinceCheckpoint;

    private Auditor(Builder b) {
        this.log = b.log;
        this.key = b.key;
        this.instance = b.instance;
        this.head = b.head;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.maxWait = b.maxWait;
        this.durableWait = b.durableWait;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpointInterval = b.checkpointInterval;
        this.closeTimeout = b.closeTimeout;
        this.clock = b.clock;
        this.rawArguments = b.rawArguments;
        // A platform thread: its file writes and fsyncs would otherwise block a virtual thread's carrier,
        // which the scheduler makes up for by waking another carrier each time.
        this.writer = Thread.ofPlatform().daemon().name("sb-audit-writer").start(this::run);
        this.deadlines = durableWait.isZero() ? null : Thread.ofVirtual().name("sb-audit-deadlines").start(this::expireLate);
    }

    /**
     * An auditor appending to {@code log}, hashing arguments and signing checkpoints with {@code key}
     * as {@code instance} (the name each record and checkpoint carries).
     */
    public static Builder builder(AuditLog log, AuditKey key, String instance) {
        return new Builder(log, key, instance);
    }

    /**
     * Queues the record of {@code decision}: a refusal ({@code outcome} {@code refused}, or
     * {@code approval_required} while a person decides), or, called directly, an allowed call
     * recorded before it runs.
     *
     * @throws McpException {@code -31503} when the decision allowed the call but cannot be recorded
     *                      (queue full for {@code maxWait}, or the log failing): the call is refused
     */
    @Override
    public void decided(PolicyRequest request, RequestContext context, Decision decision) {
        JsonObject.Builder b = decisionRecord(request, context, decision);
        switch (decision.effect()) {
            case DENY -> b.put("outcome", "refused");
            case REQUIRE_APPROVAL -> b.put("outcome", "approval_required");
            default -> { }
        }
        if (!offer(b.build(), decision.allowed()) && decision.allowed()) {
            throw new McpException(ErrorCode.UNAVAILABLE, "The audit log cannot take this call's record now, so the call is "
                    + "refused rather than run unaudited; retry shortly");
        }
    }

    /**
     * Refuses an allowed call before it runs when its record could not be written now: the log is
     * failing, the auditor closed, or the queue full (for up to {@code maxWait}).
     *
     * @throws McpException {@code -31503}
     */
    @Override
    public void admitting(PolicyRequest request, RequestContext context, Decision decision) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean full; // one look at the queue (it takes the queue's lock) per round, on every allowed call
        while ((full = queue.remainingCapacity() == 0) && !closed && !failing && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Math.min(1_000_000, maxWait.toNanos()));
        }
        String why = closed ? "the auditor is closed" : failing ? "the audit log is failing"
                : full ? "the queue stayed full for " + maxWait.toMillis() + "ms" : null;
        if (why != null) {
            // the decision is still told: to the application log, like any record that could not be written
            overflow(decisionRecord(request, context, decision).put("outcome", "refused").build(), why);
            throw new McpException(ErrorCode.UNAVAILABLE, "The audit log cannot record calls now (" + why + "), so this "
                    + "call is refused rather than run unaudited; retry shortly");
        }
    }

    /**
     * Records an allowed call that has run, with its outcome and latency, and returns once the record
     * is durable.
     *
     * @throws McpException {@code -31503} when the record could not be made durable in time (it is still
     *                      written, or logged): the call's answer is withheld
     */
    @Override
    public void ran(PolicyRequest request, RequestContext context, Decision decision, Outcome outcome) {
        JsonObject event = decisionRecord(request, context, decision).putAll(outcome.toJson()).build();
        if (!offer(event, true)) {
            throw new McpException(ErrorCode.UNAVAILABLE, "The call ran, but its audit record could not be made durable in "
                    + "time, so its answer is withheld (the record is still written). The call may have taken effect: "
                    + "check before calling again");
        }
    }

    private JsonObject.Builder decisionRecord(PolicyRequest request, RequestContext context, Decision decision) {
        return JsonObject.builder()
                .put("type", "decision")
                .put("instance", instance)
                .put("requestId", context.requestId().toJson())
                .put("server", request.server())
                .put("method", request.method())
                .put("target", request.target())
                .put("principal", request.principal().toJson())
                .put("args", key.hashArguments(request.args()))
                .put("arguments", rawArguments && request.args() != null ? decision.redaction().maskArgs(request.args()) : null)
                .putAll(decision.toJson());
    }

    /** Queues the record of an allowed call refused by one of its rate limits: decision {@code rate_limited}. */
    @Override
    public void rateLimited(PolicyRequest request, RequestContext context, Decision decision, McpException refusal) {
        JsonObject.Builder b = decisionRecord(request, context, decision)
                .put("decision", "rate_limited")
                .put("reason", refusal.getMessage());
        if (refusal.data() instanceof JsonObject data) {
            b.put("limited", data);
        }
        offer(b.build(), false);
    }

    /** Queues the record of a request refused by authentication; never blocks longer than {@code maxWait}. */
    public void refused(Refusal refusal) {
        JsonObject.Builder b = JsonObject.builder()
                .put("type", "refusal")
                .put("instance", instance)
                .put("server", refusal.server())
                .put("status", refusal.status())
                .put("reason", refusal.reason())
                .put("time", refusal.time().toString());
        if (refusal.principal() != null) {
            b.put("principal", refusal.principal().toJson());
        }
        b.put("method", refusal.method()).put("target", refusal.target()).put("requestId", refusal.requestId())
                .put("remoteAddress", refusal.remoteAddress());
        offer(b.build(), false);
    }

    /** Queues the record of a policy bundle reload (swapped, unchanged or refused). */
    public void reloaded(Reload reload) {
        JsonObject.Builder b = JsonObject.builder().put("type", "policy-reload").put("instance", instance)
                .put("time", clock.instant().toString());
        switch (reload) {
            case Reload.Swapped s -> b.put("outcome", "swapped").put("previous", s.previousHash()).put("bundle", s.hash())
                    .put("rules", s.rules());
            case Reload.Unchanged u -> b.put("outcome", "unchanged").put("bundle", u.hash());
            case Reload.Refused r -> b.put("outcome", "refused").put("bundle", r.activeHash()).put("reason", r.error().getMessage());
        }
        offer(b.build(), false);
    }

    /**
     * Queues the record of an administrative change made outside any request ({@code policy-published},
     * a pin accepted, a key rotated): {@code type} "admin", {@code change}, who made it, and
     * {@code details}.
     *
     * @return false when it cannot be queued (the caller should report the change as unrecorded)
     */
    public boolean administered(String change, String by, JsonObject details) {
        return offer(JsonObject.builder().put("type", "admin").put("change", change).put("instance", instance)
                .put("by", by).put("time", clock.instant().toString()).putAll(details).build(), true);
    }

    /** Queues the record of an approval asked for. */
    @Override
    public void requested(Approval approval) {
        offer(approval(approval, "requested").put("expires", approval.expires().toString()).build(), false);
    }

    /** Queues the record of a person's approval or rejection. */
    @Override
    public void decided(Approval approval) {
        JsonObject.Builder b = approval(approval, approval.status().wireName()).put("decidedBy", approval.decidedBy());
        if (approval.approver() != null) {
            b.put("approver", approval.approver().toJson());
        }
        offer(b.build(), false);
    }

    /** Queues the record of someone refused on the approval page (not an approver, or the caller themself). */
    @Override
    public void decisionRefused(Approval approval, Approver who, Approvers.Refusal why) {
        JsonObject.Builder b = approval(approval, "decision_refused").put("reason", why.wireName());
        if (who != null) {
            b.put("approver", who.toJson());
        }
        offer(b.build(), false);
    }

    /**
     * Queues the record of an approval presented by a retry.
     *
     * @throws McpException {@code -31503} when it let the call through but cannot be recorded: the
     *                      call is refused rather than run unaudited
     */
    @Override
    public void redeemed(Approval approval, Redemption outcome) {
        boolean used = outcome == Redemption.USED;
        JsonObject event = approval(approval, used ? "used" : "refused").put("outcome", outcome.wireName()).build();
        if (!offer(event, used) && used) {
            throw new McpException(ErrorCode.UNAVAILABLE, "The audit log cannot take this approval's use now, so the call is "
                    + "refused rather than run unaudited; call again shortly");
        }
    }

    /** Queues the record of a retry refused for presenting an unusable approval state (the call did not run). */
    @Override
    public void stateRefused(Approvals.Call call, String problem) {
        offer(approvalRecord("refused", call.principal(), call.principalKey(), call.server(), call.method(), call.target(),
                key.hashArguments(call.args()), call.rule(), call.bundle())
                .put("outcome", "invalid_state").put("reason", problem).build(), false);
    }

    /**
     * The common members of an approval record. The approval's id is a capability while it is
     * pending, so the record holds a digest of it, enough to match the events of one approval.
     */
    private JsonObject.Builder approval(Approval a, String event) {
        return approvalRecord(event, a.principal(), a.principalKey(), a.server(), a.method(), a.target(), a.argsHash(),
                a.rule(), a.bundle()).put("approval", AuditKey.digest(a.id()));
    }

    private JsonObject.Builder approvalRecord(String event, String principal, String principalKey, String server, String method,
                                              String target, String argsHash, String rule, String bundle) {
        return JsonObject.builder()
                .put("type", "approval")
                .put("event", event)
                .put("instance", instance)
                .put("time", clock.instant().toString())
                .put("principal", principal)
                .put("principalKey", principalKey)
                .put("server", server)
                .put("method", method)
                .put("target", target)
                .put("args", argsHash)
                .put("rule", rule)
                .put("bundle", bundle);
    }

    /** Counts so far. */
    public AuditStats stats() {
        return new AuditStats(recorded.get(), checkpoints.get(), overflowed.get(), failures.get(), queue.size(), syncs.get());
    }

    /**
     * Waits until every event queued before this call has been appended (or given up on).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /**
     * Stops taking events, appends what is queued and a last checkpoint, and stops the writer.
     * Waits up to {@code closeTimeout} (twice, at most, when the queue is full); events still
     * unwritten then are logged and counted as overflowed. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // a writer stuck on a failing log drains nothing, so even queuing the stop has a deadline
            boolean stopQueued = queue.offer(STOP, closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!stopQueued || !writer.join(closeTimeout)) {
                abandon = true;
                writer.interrupt();
                writer.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            abandon = true;
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP) {
                overflow(p.event, "the auditor closed before it could be written");
                p.durable.complete(false);
            }
        }
        for (Pending p : writing) { // an abandoned writer's batch: nobody waits on it past close
            if (p != STOP) {
                p.durable.complete(false);
            }
        }
        if (deadlines != null) {
            deadlines.interrupt();
        }
    }

    /**
     * Queues {@code event} and waits until it is durable (up to {@code durableWait}).
     *
     * @return true when it is durable; false when it could not be queued (counted, logged) or was
     *         not durable in time (it is still written)
     */
    private boolean offer(JsonObject event, boolean mustRecord) {
        String why;
        Pending pending = new Pending(event, System.nanoTime() + durableWait.toNanos());
        if (closed) {
            why = "the auditor is closed";
        } else if (mustRecord && failing) {
            why = "the audit log is failing";
        } else {
            try {
                if (queue.offer(pending, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    accepted.incrementAndGet();
                    return durable(pending, mustRecord);
                }
                why = "the queue stayed full for " + maxWait.toMillis() + "ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted while waiting for room";
            }
        }
        overflow(event, why);
        return false;
    }

    private boolean durable(Pending pending, boolean mustRecord) {
        if (durableWait.isZero()) {
            return true;
        }
        try {
            // Untimed: on a virtual thread a timed wait arms and cancels a scheduler timer, waking its
            // thread twice per call; the deadline thread completes late records instead (expireLate).
            boolean durable = pending.durable.get();
            if (!durable && mustRecord && System.nanoTime() - pending.deadline >= 0) {
                LOG.log(System.Logger.Level.WARNING, "audit record not durable within " + durableWait.toMillis()
                        + "ms; the call it allowed is refused (the record is still written)");
            }
            return durable;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    /**
     * An event on its way to the log; {@code durable} completes once it is (true), or when it was not
     * by {@code deadline} ({@link System#nanoTime()}) or never will be (false).
     */
    private record Pending(JsonObject event, java.util.concurrent.CompletableFuture<Boolean> durable, long deadline) {
        Pending(JsonObject event, long deadline) {
            this(event, new java.util.concurrent.CompletableFuture<>(), deadline);
        }
    }

    /**
     * Answers false to requests whose record is still not durable at their deadline (the record is
     * still written), looking every tenth of {@code durableWait}: a request waits at most about
     * 1.1 × {@code durableWait}. Runs until the auditor closes.
     */
    private void expireLate() {
        long tick = Math.max(1, durableWait.toMillis() / 10);
        while (!closed) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Pending p : writing) {
                if (p != STOP && now - p.deadline >= 0) {
                    p.durable.complete(false);
                }
            }
            for (Pending p : queue) { // oldest first
                if (now - p.deadline < 0) {
                    break;
                }
                if (p != STOP) {
                    p.durable.complete(false);
                }
            }
        }
    }

    private void overflow(JsonObject event, String why) {
        long n = overflowed.incrementAndGet();
        // the event's content goes to the application log, so it is late and unchained but not lost
        LOG.log(System.Logger.Level.WARNING, "audit record not written (" + why + "; " + n + " so far): " + Wire.toText(event));
    }

    private void run() {
        long nextCheckpoint = System.nanoTime() + checkpointInterval.toNanos();
        List<Pending> batch;
        int lastBatch = 0;
        long lastSync = 0;
        while (true) {
            Pending first;
            try {
                long wait = nextCheckpoint - System.nanoTime();
                first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                if (abandon) {
                    return;
                }
                continue;
            }
            if (first == null) {
                Checkpoint c = appendCheckpoint();
                if (c != null && sync()) {
                    published(c);
                }
                nextCheckpoint = System.nanoTime() + checkpointInterval.toNanos();
                continue;
            }
            batch = new ArrayList<>(BATCH);
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            if (lastBatch > 1 && batch.size() < GATHER && first != STOP && cpu.saturated()) {
                // Others are calling and the processors are the bottleneck: waiting up to one more
                // fsync's time for their records lets one fsync cover several times more records (its
                // CPU cost is about the same for 1 or 16), which frees processor time for the calls.
                // With processors to spare the wait would only add latency, so there is none.
                LockSupport.parkNanos(Math.min(lastSync, MAX_GATHER_NANOS));
                queue.drainTo(batch, BATCH - batch.size());
            }
            lastBatch = batch.size();
            writing = batch;
            boolean stop = false;
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                if (p == STOP) {
                    stop = true;
                    continue;
                }
                if (!append(p.event)) {
                    for (Pending rest : batch.subList(i, batch.size())) {
                        if (rest != STOP) {
                            overflow(rest.event, "the auditor closed while the log was failing");
                            rest.durable.complete(false);
                        }
                    }
                    return;
                }
            }
            // a checkpoint due now rides on the batch's fsync
            Checkpoint checkpoint = stop || sinceCheckpoint >= checkpointEvery || System.nanoTime() >= nextCheckpoint
                    ? appendCheckpoint() : null;
            long syncStart = System.nanoTime();
            boolean synced = sync();
            lastSync = System.nanoTime() - syncStart;
            for (Pending p : batch) {
                if (p != STOP) {
                    p.durable.complete(synced);
                    handled.incrementAndGet();
                }
            }
            writing = List.of();
            if (!synced) {
                return; // abandoned at close
            }
            if (checkpoint != null) {
                published(checkpoint);
                nextCheckpoint = System.nanoTime() + checkpointInterval.toNanos();
            }
            if (stop) {
                return;
            }
        }
    }

    /** Makes the appended records durable, retrying like {@link #append}; false only when abandoned at close. */
    private boolean sync() {
        while (true) {
            try {
                log.sync();
                syncs.incrementAndGet();
                working();
                return true;
            } catch (RuntimeException e) {
                if (!retryLater("sync", e)) {
                    return false;
                }
            }
        }
    }

    /** Appends until it works; false only when abandoned at close. */
    private boolean append(JsonObject event) {
        while (true) {
            try {
                Optional<AuditRecord> r = log.append(event);
                r.ifPresent(x -> last = x);
                recorded.incrementAndGet();
                sinceCheckpoint++;
                working();
                return true;
            } catch (IllegalArgumentException e) {
                // no canonical form (a lone surrogate): no retry could ever chain it
                failures.incrementAndGet();
                overflow(event, e.getMessage());
                return true;
            } catch (RuntimeException e) {
                if (!retryLater("append", e)) {
                    return false;
                }
            }
        }
    }

    /** Marks the log failing after {@code what} failed and waits a second; false when abandoned at close meanwhile. */
    private boolean retryLater(String what, RuntimeException e) {
        boolean first = !failing;
        failing = true; // before the count, so whoever sees the count sees allowed calls refused
        failures.incrementAndGet();
        if (first) {
            LOG.log(System.Logger.Level.ERROR, "audit log " + what + " failed; allowed calls are refused until it works "
                    + "again, retrying every second: " + e.getMessage(), e);
        }
        try {
            Thread.sleep(1000);
        } catch (InterruptedException ie) {
            return !abandon;
        }
        return true;
    }

    private void working() {
        if (failing) {
            LOG.log(System.Logger.Level.INFO, "audit log writable again");
            failing = false;
        }
    }

    /**
     * Appends a checkpoint signing the last record this instance appended, if not signed yet; it is
     * durable with the next sync.
     *
     * @return the checkpoint, or null when there was nothing to sign or it could not be appended
     */
    private Checkpoint appendCheckpoint() {
        if (last == null || last.sequence() == signedSequence) {
            return null;
        }
        Checkpoint c = Checkpoint.sign(key, last.sequence(), last.hash(), clock.instant(), instance);
        try {
            log.append(c.toEvent());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "audit checkpoint for record " + c.sequence() + " failed (tried again later): "
                    + e.getMessage());
            return null;
        }
        checkpoints.incrementAndGet();
        signedSequence = c.sequence();
        sinceCheckpoint = 0;
        return c;
    }

    /** Publishes {@code c}, once durable, to the trusted head. */
    private void published(Checkpoint c) {
        if (head != null) {
            try {
                head.publish(c);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not publish the audit head to " + head + ": " + e.getMessage());
            }
        }
    }

    /** Whether the machine's processors have lately been nearly all busy; looked up at most every 100 ms. */
    private static final class CpuLoad {
        private static final long EVERY = 100_000_000;
        private final com.sun.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        private long lookedAt = System.nanoTime() - EVERY;
        private boolean saturated;

        boolean saturated() {
            long now = System.nanoTime();
            if (now - lookedAt >= EVERY && os != null) {
                saturated = os.getCpuLoad() >= 0.9; // since the previous look (negative when unknown: not saturated)
                lookedAt = now;
            }
            return saturated;
        }
    }

    /** Settings of an {@link Auditor}; every one has a default. */
    public static final class Builder {
        private final AuditLog log;
        private final AuditKey key;
        private final String instance;
        private TrustedHead head;
        private int queueCapacity = 10_000;
        private boolean rawArguments;
        private Duration maxWait = Duration.ofMillis(100);
        private Duration durableWait = Duration.ofSeconds(5);
        private int checkpointEvery = 1000;
        private Duration checkpointInterval = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(AuditLog log, AuditKey key, String instance) {
            this.log = Objects.requireNonNull(log, "log");
            this.key = Objects.requireNonNull(key, "key");
            this.instance = Objects.requireNonNull(instance, "instance");
        }

        /** Where each checkpoint is also published (default: nowhere, so a cut-off tail cannot be shown). */
        public Builder trustedHead(TrustedHead head) {
            this.head = head;
            return this;
        }

        /**
         * Also write a decision's arguments as they were, with the values at its rules' {@code redact}
         * argument paths masked, beside their keyed hash (default: the hash alone). For deployments
         * whose auditors must see what was asked; anyone who can read the log can then read them.
         */
        public Builder rawArguments(boolean raw) {
            this.rawArguments = raw;
            return this;
        }

        /** How many events may wait for the writer (default 10,000). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("the audit queue needs room for at least 1 event, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** How long a request waits for room in a full queue before its event overflows (default 100ms). */
        public Builder maxWait(Duration wait) {
            this.maxWait = requireNonNegative(wait, "maxWait");
            return this;
        }

        /**
         * How long a request waits for its record to be durable before it is answered (default 5s,
         * checked every tenth of it, so at most about 1.1 times that); an allowed call not recorded
         * in time is refused. Zero: do not wait (records are still
         * written in order, but a crash may take the last ones with it).
         */
        public Builder durableWait(Duration wait) {
            this.durableWait = requireNonNegative(wait, "durableWait");
            return this;
        }

        /** A checkpoint after this many records (default 1000). */
        public Builder checkpointEvery(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("checkpointEvery must be at least 1, got " + records);
            }
            this.checkpointEvery = records;
            return this;
        }

        /** A checkpoint at least this often while records arrive (default 60s). */
        public Builder checkpointInterval(Duration interval) {
            if (interval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("checkpointInterval must be at least 10ms, got " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /** How long {@link Auditor#close()} waits for the queue to drain (default 10s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = requireNonNegative(timeout, "closeTimeout");
            return this;
        }

        /** The clock of checkpoints and reload events (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts the writer thread. */
        public Auditor build() {
            return new Auditor(this);
        }

        private static Duration requireNonNegative(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
