package io.scangate.server.udp;

import io.scangate.server.intake.ScanReplies;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.ring.VerifierRing;

/**
 * What every UDP channel shares: the authenticator, the ring, the way back and the meters.
 *
 * <p>Concurrency: immutable; its parts are safe for every event loop.
 */
record UdpContext(CodeAuthenticator authenticator, VerifierRing ring, ScanReplies router, ScanMetrics metrics,
                  UdpMetrics udpMetrics) {
}
