package io.scangate.server.http;

import io.scangate.server.intake.ScanReplies;
import io.scangate.server.net.RateLimiter;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.ring.VerifierRing;

/**
 * What every scan connection shares: the authenticator, the ring, the way back, the meters, the
 * body bound, the rate limits per client address and per device (null: off), the resolver's links
 * (read as published snapshots) and whether the port speaks HTTPS.
 *
 * <p>Concurrency: immutable; its parts are safe for every event loop.
 */
public record ScanHttpContext(CodeAuthenticator authenticator, VerifierRing ring, ScanReplies router,
                              ScanMetrics metrics, int maxBodyBytes, RateLimiter perAddress, RateLimiter perDevice,
                              LinkBook links, boolean https) {
    /** Without resolver links, plain HTTP. */
    public ScanHttpContext(final CodeAuthenticator authenticator, final VerifierRing ring, final ScanReplies router,
                           final ScanMetrics metrics, final int maxBodyBytes, final RateLimiter perAddress, final RateLimiter perDevice) {
        this(authenticator, ring, router, metrics, maxBodyBytes, perAddress, perDevice, new LinkBook(), false);
    }

    /** Without rate limits (tests). */
    public ScanHttpContext(final CodeAuthenticator authenticator, final VerifierRing ring, final ScanReplies router,
                           final ScanMetrics metrics, final int maxBodyBytes) {
        this(authenticator, ring, router, metrics, maxBodyBytes, null, null);
    }
}
