package io.scangate.verifier.ring;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;

import io.scangate.verifier.verdict.ScanEvent;

/**
 * The ring's one consumer, as {@link VerifierRing} sees it: the verifier itself
 * ({@link VerifierHandler}) or, in cluster mode, a forwarder to the cluster
 * ({@code io.scangate.verifier.cluster.ClusterHandler}).
 *
 * <p>Concurrency: events on the ring's thread; the figures from any thread.
 */
public interface RingHandler extends EventHandler<ScanEvent> {
    /** Waits until the ring's thread runs; false on timeout. */
    boolean awaitStart(long timeout, TimeUnit unit) throws InterruptedException;

    /** How long the oldest event in hand has waited at {@code nowNanos} (0 between batches). */
    long lagNanos(long nowNanos);

    /** The journal position whose records are all applied (0 where there is no journal). */
    long appliedPosition();

    /** Events that failed. */
    long failures();

    /** The last ring sequence fully handled. */
    long processed();
}
