package io.scangate.server.udp;

import io.scangate.client.protocol.UdpProtocol;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * One scan of a datagram in flight: what the ring needs, and the outcome copied back.
 * Preallocated with its {@link UdpRequest} and reused.
 *
 * <p>Concurrency: filled by the event loop, published to the ring (happens-before through the
 * Disruptor), outcome written by the verifier thread, handed back through {@link io.scangate.server.reply.LoopInbox}
 * (happens-before through its atomic inbox); never touched by two threads at once.
 */
final class UdpScan extends io.scangate.server.reply.Returning {
    final UdpRequest request;

    // request
    long codeId;
    long tag;
    long deviceHash;
    long consumerHash;
    long region;
    long requestKey;
    /** The consumer id (UTF-8) as sent; length 0 = none. */
    final byte[] consumer = new byte[io.scangate.client.protocol.UdpProtocol.MAX_CONSUMER_BYTES];
    int consumerLength;

    // outcome
    int status;
    Verdict verdict;
    boolean firstScan;
    int scanCount;
    int alerts;
    long rewardId;
    long rewardAmount;

    UdpScan(final UdpRequest request) {
        this.request = request;
    }

    /** Verifier thread: copies the outcome out of the ring slot (reused right after). */
    void copyOutcome(final ScanEvent e) {
        status = e.status == ScanEvent.STATUS_OK ? UdpProtocol.STATUS_OK
                : e.status == ScanEvent.STATUS_LEDGER_FULL ? UdpProtocol.STATUS_LEDGER_FULL : UdpProtocol.STATUS_INTERNAL;
        verdict = e.verdict;
        firstScan = e.firstScan;
        scanCount = e.scanCount;
        alerts = e.alerts;
        rewardId = e.rewardId;
        rewardAmount = e.rewardAmount;
    }

    /** The verdict's wire code: the product contract's order, from 1. */
    static int wireVerdict(final Verdict v) {
        return v == null ? UdpProtocol.VERDICT_NONE : v.ordinal() + 1;
    }

    void reset() {
        unlink();
        codeId = 0;
        tag = 0;
        deviceHash = 0;
        consumerHash = 0;
        region = 0;
        requestKey = 0;
        consumerLength = 0;
        status = UdpProtocol.STATUS_OK;
        verdict = null;
        firstScan = false;
        scanCount = 0;
        alerts = 0;
        rewardId = 0;
        rewardAmount = 0;
    }
}
