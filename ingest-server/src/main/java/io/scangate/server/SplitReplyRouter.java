package io.scangate.server;

import io.scangate.server.http.EventLoopReplyRouter;
import io.scangate.server.udp.UdpReplyRouter;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The verifier's one {@link ReplyRouter}: hands each outcome to the transport that asked (UDP
 * or HTTP), and batch ends and durable positions to both.
 *
 * <p>Concurrency: {@link #complete} and {@link #endOfBatch} on the verifier thread,
 * {@link #onDurable} on the journal syncer thread, as the routers it splits to expect.
 */
final class SplitReplyRouter implements ReplyRouter {
    private final EventLoopReplyRouter http;
    private final UdpReplyRouter udp;
    private final io.scangate.server.ops.ScanMetrics metrics;

    SplitReplyRouter(final EventLoopReplyRouter http, final UdpReplyRouter udp, final io.scangate.server.ops.ScanMetrics metrics) {
        this.http = http;
        this.udp = udp;
        this.metrics = metrics;
    }

    @Override
    public void complete(final ScanEvent event) {
        if (UdpReplyRouter.owns(event.replyTo)) {
            // the HTTP router counts its scans' alerts itself
            metrics.scanAlerts(event.alerts, event.region);
            udp.complete(event);
        } else {
            http.complete(event);
        }
    }

    @Override
    public void endOfBatch(final long journalPosition) {
        http.endOfBatch(journalPosition);
        udp.endOfBatch(journalPosition);
    }

    void onDurable(final long position) {
        http.onDurable(position);
        udp.onDurable(position);
    }

    void wakeSyncerWith(final Runnable wake) {
        http.wakeSyncerWith(wake);
        udp.wakeSyncerWith(wake);
    }
}
