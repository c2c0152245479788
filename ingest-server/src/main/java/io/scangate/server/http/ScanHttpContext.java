package io.scangate.server.http;

import io.scangate.server.intake.ScanReplies;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.ring.VerifierRing;

/**
 * What every scan connection shares: the authenticator, the ring, the way back and the meters.
 *
 * <p>Concurrency: immutable; its parts are safe for every event loop.
 */
record ScanHttpContext(CodeAuthenticator authenticator, VerifierRing ring, ScanReplies router,
                       ScanMetrics metrics, int maxBodyBytes) {
}
