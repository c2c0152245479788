package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * One request's place in its connection's answer queue. Answers made on the event loop carry a
 * ready buffer; scans sent to the verifier get its outcome copied in by {@link #copyOutcome}.
 * Pooled per connection.
 *
 * <p>Concurrency: filled by the event loop, published to the ring (happens-before through the
 * Disruptor), outcome written by the verifier thread, handed back through {@link io.scangate.server.reply.LoopInbox}
 * (happens-before through its atomic inbox); never touched by two threads at once.
 */
final class PendingReply extends io.scangate.server.reply.Returning {
    static final int FORMAT_JSON = 0;
    static final int FORMAT_HTML = 1;

    final ScanConnection connection;
    boolean done;
    ByteBuf ready;
    boolean closeAfter;

    // request
    boolean keepAlive;
    boolean head;
    int format;
    long startNanos;
    long codeId;
    long tag;
    long deviceHash;
    long consumerHash;
    long region;
    /** The scan's packed position (lat/lon), 0 if none. */
    int location;
    long gtin;
    long requestKey;
    /** The device and consumer ids as sent (the reward log names winners); copied into the ring slot. */
    final byte[] device = new byte[ScanEvent.MAX_ID_BYTES];
    int deviceLength;
    final byte[] consumer = new byte[ScanEvent.MAX_ID_BYTES];
    int consumerLength;

    // outcome
    int status;
    Verdict verdict;
    boolean firstScan;
    int scanCount;
    long firstScanAt;
    long firstRegion;
    Batch batch;
    int alerts;
    /** The reward to show, or null. */
    Reward reward;

    PendingReply(final ScanConnection connection) {
        this.connection = connection;
    }

    void copyOutcome(final ScanEvent e) {
        status = e.status;
        verdict = e.verdict;
        firstScan = e.firstScan;
        scanCount = e.scanCount;
        firstScanAt = e.firstScanAt;
        firstRegion = e.firstRegion;
        batch = e.batch;
        alerts = e.alerts;
        reward = e.reward;
    }

    void setDevice(final byte[] src, final int length) {
        System.arraycopy(src, 0, device, 0, length);
        deviceLength = length;
    }

    void setConsumer(final byte[] src, final int length) {
        System.arraycopy(src, 0, consumer, 0, length);
        consumerLength = length;
    }

    void reset() {
        unlink();
        done = false;
        ready = null;
        closeAfter = false;
        keepAlive = true;
        head = false;
        format = FORMAT_JSON;
        codeId = 0;
        tag = 0;
        deviceHash = 0;
        consumerHash = 0;
        region = 0;
        location = 0;
        gtin = 0;
        requestKey = 0;
        verdict = null;
        batch = null;
        status = 0;
        firstScan = false;
        scanCount = 0;
        firstScanAt = 0;
        firstRegion = 0;
        deviceLength = 0;
        consumerLength = 0;
        alerts = 0;
        reward = null;
    }
}
