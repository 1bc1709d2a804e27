package dev.switchboard.policy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates calls against the active bundle, and swaps in a new bundle atomically. Each call reads
 * the active bundle once, so no call sees two bundles or a half-loaded one. Thread-safe.
 */
public final class PolicyEngine {
    private final AtomicReference<PolicyBundle> active;

    /** An engine running {@code bundle}. */
    public PolicyEngine(PolicyBundle bundle) {
        this.active = new AtomicReference<>(Objects.requireNonNull(bundle, "bundle"));
    }

    /**
     * An engine running the bundle in {@code file}.
     *
     * @throws PolicyException when the file is not a valid bundle
     */
    public static PolicyEngine load(Path file) {
        return new PolicyEngine(PolicyBundle.load(file));
    }

    /** The bundle in force. */
    public PolicyBundle bundle() {
        return active.get();
    }

    /** Decides {@code request} with the bundle in force. See {@link PolicyBundle} for the per-call cost. */
    public Decision evaluate(PolicyRequest request) {
        return active.get().evaluate(request);
    }

    /** {@link PolicyBundle#mayCall} with the bundle in force. */
    public boolean mayCall(PolicyRequest request) {
        return active.get().mayCall(request);
    }

    /**
     * Compiles {@code file} and, only if it is valid, makes it the bundle in force. Compiling happens
     * before the swap, off the request path, so calls keep using the running bundle meanwhile.
     * Concurrent reloads are serialised; the last one wins.
     */
    public Reload reload(Path file) {
        return reload(() -> PolicyBundle.load(file));
    }

    /**
     * Compiles a bundle with {@code compiler} and, only if it is valid, makes it the bundle in force
     * ({@link #reload(Path)} for bundles from elsewhere, e.g. published in the shared state).
     */
    public synchronized Reload reload(java.util.function.Supplier<PolicyBundle> compiler) {
        PolicyBundle current = active.get();
        PolicyBundle next;
        try {
            next = compiler.get();
        } catch (PolicyException e) {
            return new Reload.Refused(current.hash(), e);
        }
        if (next.hash().equals(current.hash())) {
            return new Reload.Unchanged(current.hash());
        }
        active.set(next);
        return new Reload.Swapped(current.hash(), next.hash(), next.rules().size());
    }
}
