package io.scangate.verifier.verdict;

import java.util.concurrent.CompletableFuture;

/**
 * An admin action that must run on the verifier thread (the single writer): it travels through
 * the ring like a scan. The result completes {@link #result()} on the verifier thread; callers
 * continue on their own thread with {@code whenCompleteAsync}.
 */
public abstract class AdminCommand {
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private volatile boolean readsOnly;

    /** A command that runs {@code action} on the verifier thread. */
    public static AdminCommand of(final java.util.function.Function<Verifier, Object> action) {
        return new AdminCommand() {
            @Override
            protected Object execute(final Verifier verifier) {
                return action.apply(verifier);
            }
        };
    }

    /**
     * Marks this command as one that reads the state and changes nothing (a GET): in cluster mode
     * a member's own replica may answer it, outside the log. Returns this command.
     */
    public final AdminCommand readOnly() {
        readsOnly = true;
        return this;
    }

    /** Whether {@link #readOnly()} marked it. */
    public final boolean readsOnly() {
        return readsOnly;
    }

    /** Runs on the verifier thread. */
    protected abstract Object execute(Verifier verifier);

    public final CompletableFuture<Object> result() {
        return result;
    }

    public final void run(final Verifier verifier) {
        try {
            result.complete(execute(verifier));
        } catch (final RuntimeException | Error e) {
            // whatever fails, the caller gets an answer; the verifier thread goes on
            result.completeExceptionally(e);
        }
    }
}
