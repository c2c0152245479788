package io.scangate.server.ops;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scangate.verifier.verdict.Alert;

/**
 * {@code scangate_scan_alerts_total{alert,region}}: scans that raised an {@link Alert}, by alert
 * and by the scan region's country (the first two letters of an ISO 3166 region). The region label
 * is bounded: scans without a region count as {@code unknown}, and once {@link #MAX_REGIONS}
 * countries have been seen every further one counts as {@code other}.
 *
 * <p>Concurrency: called from the verifier thread (and any other transport's threads); the
 * country slots are filled once with a CAS, so a lookup after the first is a plain array read.
 */
final class AlertCounters {
    static final int MAX_REGIONS = 64;
    static final String UNKNOWN = "unknown";
    static final String OTHER = "other";
    private static final int COUNTRIES = 26 * 26;
    private static final Alert[] ALERTS = Alert.values();

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter[]> byCountry = new AtomicReferenceArray<>(COUNTRIES);
    private final AtomicInteger regions = new AtomicInteger();
    private final Counter[] unknown;
    private final Counter[] other;

    AlertCounters(final MeterRegistry registry) {
        this.registry = registry;
        this.unknown = counters(UNKNOWN);
        this.other = counters(OTHER);
    }

    void record(final int mask, final long packedRegion) {
        if (mask == 0) {
            return;
        }
        final Counter[] c = countersFor(packedRegion);
        for (final Alert a : ALERTS) {
            if (a.in(mask)) {
                c[a.ordinal()].increment();
            }
        }
    }

    private Counter[] countersFor(final long packedRegion) {
        final int first = (int) (packedRegion >>> 56) & 0xFF;
        final int second = (int) (packedRegion >>> 48) & 0xFF;
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return unknown;
        }
        final int slot = (first - 'A') * 26 + (second - 'A');
        final Counter[] known = byCountry.get(slot);
        if (known != null) {
            return known;
        }
        final Counter[] fresh = regions.getAndIncrement() < MAX_REGIONS
                ? counters(new String(new char[] {(char) first, (char) second})) : other;
        return byCountry.compareAndSet(slot, null, fresh) ? fresh : byCountry.get(slot);
    }

    private Counter[] counters(final String region) {
        final Counter[] c = new Counter[ALERTS.length];
        for (final Alert a : ALERTS) {
            c[a.ordinal()] = Counter.builder("scangate.scan.alerts")
                    .description("Scans that raised an alert, by alert and by the scan region's country (bounded: 'unknown', 'other')")
                    .tag("alert", a.name()).tag("region", region)
                    .register(registry);
        }
        return c;
    }
}
