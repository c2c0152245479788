package io.scangate.server.http;

import io.scangate.server.intake.ScanReplies;
import io.scangate.server.net.RateLimiter;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.ring.VerifierRing;

/**
 * What every scan connection shares: the authenticator, the ring, the way back, the meters, the
 * body bound and the rate limits per client address and per device (null: off).
 *
 * <p>Concurrency: immutable; its parts are safe for every event loop.
 */
public record ScanHttpContext(CodeAuthenticator authenticator, VerifierRing ring, ScanReplies router,
                              ScanMetrics metrics, int maxBodyBytes, RateLimiter perAddress, RateLimiter perDevice) {
    /** Without rate limits (tests). */
    public ScanHttpContext(final CodeAuthenticator authenticator, final VerifierRing ring, final ScanReplies router,
                           final ScanMetrics metrics, final int maxBodyBytes) {
        this(authenticator, ring, router, metrics, maxBodyBytes, null, null);
    }
}
