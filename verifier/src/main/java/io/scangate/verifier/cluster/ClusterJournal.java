package io.scangate.verifier.cluster;

import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.CodeState;

/**
 * The verifier's journal in cluster mode: nothing is written, since the cluster's replicated log
 * already holds every input (each node's service replays it); only the sequence counts, so
 * positions keep their order.
 *
 * <p>Concurrency: the service thread.
 */
final class ClusterJournal implements Journal {
    private long sequence;

    @Override
    public long appendCodeState(final long codeId, final CodeState state, final long deviceHash, final long consumerHash, final int cause,
                                final long requestKey) {
        return ++sequence;
    }

    @Override
    public long appendJson(final int type, final byte[] json) {
        return ++sequence;
    }

    @Override
    public long appendKeyed(final int type, final long key, final long at, final long info, final byte[] bytes, final int length) {
        return ++sequence;
    }

    @Override
    public long endPosition() {
        return sequence;
    }

    @Override
    public long force() {
        return sequence;
    }
}
