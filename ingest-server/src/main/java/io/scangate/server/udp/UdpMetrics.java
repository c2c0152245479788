package io.scangate.server.udp;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scangate.client.protocol.UdpProtocol;

/**
 * Meters of the UDP port, created once: datagrams by result, error responses by code, and the
 * time from a datagram's arrival to its answer. Scans by verdict go to the shared
 * {@code scangate_scans_total}.
 *
 * <p>Concurrency: micrometer meters are thread-safe; every event loop updates them.
 */
public final class UdpMetrics {
    private final Counter answered;
    private final Counter refused;
    private final Counter dropped;
    private final Counter[] errors = new Counter[UdpProtocol.ERROR_OVERLOADED + 1];
    private final Timer latency;

    public UdpMetrics(final MeterRegistry registry) {
        final String datagrams = "scangate.udp.datagrams";
        final String help = "UDP scan datagrams by result: answered (scan response), error (error response), dropped (not answerable)";
        this.answered = Counter.builder(datagrams).description(help).tag("result", "answered").register(registry);
        this.refused = Counter.builder(datagrams).description(help).tag("result", "error").register(registry);
        this.dropped = Counter.builder(datagrams).description(help).tag("result", "dropped").register(registry);
        for (int code = 1; code < errors.length; code++) {
            errors[code] = Counter.builder("scangate.udp.errors").description("UDP error responses by error code")
                    .tag("code", UdpProtocol.errorName(code)).register(registry);
        }
        this.latency = Timer.builder("scangate.udp.datagram.duration")
                .description("Time from a scan datagram's arrival to its answer being written")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    void answered(final long nanos) {
        answered.increment();
        latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void error(final int code) {
        refused.increment();
        if (code > 0 && code < errors.length) {
            errors[code].increment();
        }
    }

    void dropped() {
        dropped.increment();
    }

    public double answeredCount() {
        return answered.count();
    }

    public double errorCount() {
        return refused.count();
    }

    public double droppedCount() {
        return dropped.count();
    }
}
