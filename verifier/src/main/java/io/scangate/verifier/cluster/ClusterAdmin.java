package io.scangate.verifier.cluster;

import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.Verifier;

/**
 * An admin change in the form the cluster's log carries ({@link ClusterCodec#OP_CREATE_BATCH}, ...):
 * an operation and its JSON, applied by every member's service; the leader's answer (its JSON)
 * completes the result. In single-node mode it runs on the verifier as {@code local} says.
 *
 * <p>Concurrency: made on any thread; completed on the ring's thread.
 */
public final class ClusterAdmin extends AdminCommand {
    private final int operation;
    private final byte[] json;
    private final java.util.function.Function<Verifier, Object> local;
    private final byte[] audit;

    public ClusterAdmin(final int operation, final byte[] json, final java.util.function.Function<Verifier, Object> local) {
        this(operation, json, local, null);
    }

    /**
     * As {@link #ClusterAdmin(int, byte[], java.util.function.Function)}, recorded in every member's
     * audit log under {@code audit} (its time set by the cluster; null: not audited) when it succeeds.
     * In single-node mode {@code local} records it itself.
     */
    public ClusterAdmin(final int operation, final byte[] json, final java.util.function.Function<Verifier, Object> local,
                        final io.scangate.verifier.audit.AuditEntry audit) {
        this.operation = operation;
        this.json = json.clone();
        this.local = local;
        this.audit = audit == null ? new byte[0] : io.scangate.verifier.audit.AuditLog.json(audit);
    }

    /** The audit entry's draft as JSON, empty when not audited. */
    public byte[] audit() {
        return audit.clone();
    }

    public int operation() {
        return operation;
    }

    public byte[] json() {
        return json.clone();
    }

    @Override
    protected Object execute(final Verifier verifier) {
        return local.apply(verifier);
    }
}
