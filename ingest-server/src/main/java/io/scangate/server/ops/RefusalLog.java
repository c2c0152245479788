package io.scangate.server.ops;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Scans refused with {@code 503} (ring, ledger, verifier) or {@code 429} (rate limits): counted in
 * {@code scangate_refusals_total{reason}} and logged as one structured line
 * ({@code event=refused reason=... status=... refused_since_last_line=N}) at most once a second per
 * reason, so an overload is visible in the log without flooding it.
 *
 * <p>Concurrency: called from every event loop; the once-a-second gate is a CAS on a shared
 * timestamp, so exactly one caller per second logs.
 */
public final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    /** Why a scan was refused; the label value is the lower-case name. */
    public enum Reason {
        /** The verifier ring was full (overload). */
        RING_FULL(503, "overloaded: the verifier ring is full"),
        /** The ledger holds its configured maximum of codes and the scan is of a new one. */
        LEDGER_FULL(503, "the ledger holds ledger.entries codes; new codes are refused"),
        /** The verifier failed on the scan (a bug; see the verifier's own log line). */
        VERIFIER_ERROR(503, "the verifier failed on the scan"),
        /** A client address sent scans faster than rate.per.address allows. */
        RATE_LIMIT_ADDRESS(429, "a client address went past rate.per.address"),
        /** A device sent scans faster than rate.per.device allows. */
        RATE_LIMIT_DEVICE(429, "a device went past rate.per.device");

        private final String label = name().toLowerCase(java.util.Locale.ROOT);
        private final int status;
        private final String detail;

        Reason(final int status, final String detail) {
            this.status = status;
            this.detail = detail;
        }

        /** The HTTP status such a scan is answered with. */
        public int status() {
            return status;
        }

        public String label() {
            return label;
        }
    }

    private final Counter[] counters;
    private final AtomicLong[] nextLogAt;
    private final AtomicLong[] sinceLastLine;

    RefusalLog(final MeterRegistry registry) {
        final Reason[] reasons = Reason.values();
        this.counters = new Counter[reasons.length];
        this.nextLogAt = new AtomicLong[reasons.length];
        this.sinceLastLine = new AtomicLong[reasons.length];
        for (final Reason r : reasons) {
            counters[r.ordinal()] = Counter.builder("scangate.refusals")
                    .description("Scans refused with 503 (ring_full, ledger_full, verifier_error) or 429 (rate_limit_address, rate_limit_device)")
                    .tag("reason", r.label())
                    .register(registry);
            nextLogAt[r.ordinal()] = new AtomicLong(System.nanoTime());
            sinceLastLine[r.ordinal()] = new AtomicLong();
        }
    }

    void refused(final Reason reason) {
        final int i = reason.ordinal();
        counters[i].increment();
        final long pending = sinceLastLine[i].incrementAndGet();
        final long now = System.nanoTime();
        final long due = nextLogAt[i].get();
        if (now - due >= 0 && nextLogAt[i].compareAndSet(due, now + INTERVAL_NANOS)) {
            sinceLastLine[i].addAndGet(-pending);
            LOG.warn("event=refused reason={} status={} refused_since_last_line={} detail=\"{}\"", reason.label(), reason.status, pending,
                    reason.detail);
        }
    }
}
