package io.scangate.server.ops;

import java.util.Map;

/**
 * What the ops port shows of this node's cluster membership (docs/CLUSTER.md): its role, whether it
 * reaches a leader, and its replica's figures, read beside the service thread; null on a single node.
 *
 * <p>Concurrency: any thread.
 */
public interface ClusterView {
    /** {@code GET /admin/cluster}: member, role, leader reachable, ledger entries and digest, rewards. */
    Map<String, Object> status();

    /** A code's scan count in this member's replica (0 if never scanned). */
    int scanCount(long codeId);
}
