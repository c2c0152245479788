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

    public ClusterAdmin(final int operation, final byte[] json, final java.util.function.Function<Verifier, Object> local) {
        this.operation = operation;
        this.json = json.clone();
        this.local = local;
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
