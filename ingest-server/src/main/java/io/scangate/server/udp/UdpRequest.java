package io.scangate.server.udp;

import java.net.InetSocketAddress;

import io.scangate.client.protocol.UdpProtocol;

/**
 * One datagram in flight: who sent it, its request id, and its scans; answered when the last of
 * its published scans comes back. Pooled per channel.
 *
 * <p>Concurrency: event-loop confined, except the {@link UdpScan} outcomes (see there).
 */
final class UdpRequest {
    final UdpScanHandler handler;
    final UdpScan[] scans = new UdpScan[UdpProtocol.MAX_SCANS];
    InetSocketAddress sender;
    long requestId;
    int count;
    /** Scans still at the verifier. */
    int pending;
    long startNanos;

    UdpRequest(final UdpScanHandler handler) {
        this.handler = handler;
        for (int i = 0; i < scans.length; i++) {
            scans[i] = new UdpScan(this);
        }
    }

    void reset() {
        sender = null;
        requestId = 0;
        count = 0;
        pending = 0;
        startNanos = 0;
    }
}
