package io.scangate.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.scangate.server.intake.ScanIntake;
import io.scangate.server.net.RateLimiter;
import io.scangate.server.ops.RefusalLog;
import io.scangate.server.ops.ScanMetrics;

/**
 * A connection's view of the scan rate limits: its client address's bucket and each scan's
 * device's. A refused scan counts nothing and is answered 429 with {@code Retry-After}; forged
 * and malformed codes count against the limits too (that is what guessing looks like).
 *
 * <p>Concurrency: one per connection, on its event loop; the limiters are shared and lock-free.
 */
final class RateCheck {
    private final RateLimiter perAddress;
    private final RateLimiter perDevice;
    private final ScanMetrics metrics;
    private long addressKey;
    private long retryAfterSeconds;

    RateCheck(final RateLimiter perAddress, final RateLimiter perDevice, final ScanMetrics metrics) {
        this.perAddress = perAddress;
        this.perDevice = perDevice;
        this.metrics = metrics;
    }

    /** The connection's client is {@code remote}. */
    void connected(final SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            final byte[] a = isa.getAddress().getAddress();
            addressKey = ScanIntake.hash(a, 0, a.length);
        }
    }

    /** Takes a scan of {@code device} from the buckets; null if allowed, else the 429's detail. */
    String refusal(final byte[] device, final int deviceLength) {
        final long now = System.currentTimeMillis();
        if (perAddress != null) {
            final long wait = perAddress.tryAcquire(addressKey, now);
            if (wait != 0) {
                return refuse(RefusalLog.Reason.RATE_LIMIT_ADDRESS, "address", wait);
            }
        }
        if (perDevice != null) {
            final long wait = perDevice.tryAcquire(ScanIntake.hash(device, 0, deviceLength), now);
            if (wait != 0) {
                return refuse(RefusalLog.Reason.RATE_LIMIT_DEVICE, "device", wait);
            }
        }
        return null;
    }

    /** Seconds the last refused client should wait, for {@code Retry-After}. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private String refuse(final RefusalLog.Reason reason, final String who, final long waitMillis) {
        retryAfterSeconds = (waitMillis + 999) / 1000;
        metrics.refused(reason);
        return "rate limit: too many scans from this " + who + "; retry in " + retryAfterSeconds + " s; nothing was counted";
    }
}
