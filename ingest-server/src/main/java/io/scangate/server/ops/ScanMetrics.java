package io.scangate.server.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scangate.verifier.ring.Verdict;

/**
 * Every meter scangate exports, created once at start and kept in fields so hot paths only
 * increment. Names follow Prometheus conventions once rendered: {@code scangate_scans_total},
 * {@code scangate_http_requests_total}, {@code scangate_request_duration_seconds}.
 *
 * <p>Concurrency: meters are thread-safe; called from every event loop and the verifier.
 */
public final class ScanMetrics {
    private static final int[] STATUSES = {200, 201, 204, 400, 401, 404, 405, 409, 413, 414, 429, 431, 500, 503};

    private final PrometheusMeterRegistry registry;
    private final Counter[] scansByVerdict;
    private final Counter[] httpByStatus;
    private final Counter httpOther;
    private final Counter publishFailures;
    private final Timer requestLatency;
    private final Timer fsyncLatency;
    private final io.micrometer.core.instrument.DistributionSummary fsyncBytes;

    public ScanMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Verdict[] verdicts = Verdict.values();
        this.scansByVerdict = new Counter[verdicts.length];
        for (final Verdict v : verdicts) {
            scansByVerdict[v.ordinal()] = Counter.builder("scangate.scans")
                    .description("Scans answered, by verdict")
                    .tag("transport", "http").tag("verdict", v.name())
                    .register(registry);
        }
        this.httpByStatus = new Counter[600];
        for (final int status : STATUSES) {
            httpByStatus[status] = Counter.builder("scangate.http.requests")
                    .description("HTTP requests on the scan port, by status")
                    .tag("status", Integer.toString(status))
                    .register(registry);
        }
        this.httpOther = Counter.builder("scangate.http.requests").tag("status", "other").register(registry);
        this.publishFailures = Counter.builder("scangate.ring.publish.failures")
                .description("Requests refused with 503 because the ring was full")
                .register(registry);
        this.requestLatency = Timer.builder("scangate.request.duration")
                .description("Time from a scan request's last byte to its answer being written")
                .tag("transport", "http")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        this.fsyncLatency = Timer.builder("scangate.journal.fsync.duration")
                .description("Duration of each journal fsync (group commit)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        this.fsyncBytes = io.micrometer.core.instrument.DistributionSummary.builder("scangate.journal.fsync.bytes")
                .description("Journal bytes made durable by each fsync (group commit batch size)")
                .baseUnit("bytes")
                .register(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    }

    public void scan(final Verdict verdict) {
        scansByVerdict[verdict.ordinal()].increment();
    }

    public void httpStatus(final int status) {
        final Counter c = status >= 0 && status < httpByStatus.length ? httpByStatus[status] : null;
        (c != null ? c : httpOther).increment();
    }

    public void publishFailure() {
        publishFailures.increment();
    }

    /** One journal fsync of {@code bytes} that took {@code nanos}. */
    public void journalSync(final long nanos, final long bytes) {
        fsyncLatency.record(nanos, TimeUnit.NANOSECONDS);
        fsyncBytes.record(bytes);
    }

    public void latencyNanos(final long nanos) {
        requestLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Registers a gauge read at scrape time. */
    public <T> void gauge(final String name, final String description, final T source, final ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
