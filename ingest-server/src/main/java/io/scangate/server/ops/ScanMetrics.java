package io.scangate.server.ops;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.scangate.verifier.verdict.Verdict;

/**
 * Every meter scangate exports, created once and kept in fields so hot paths only increment.
 * Names follow Prometheus conventions once rendered ({@code scangate_scans_total},
 * {@code scangate_requests_total}, {@code scangate_request_duration_seconds}); every label has a
 * bounded set of values (verdicts, statuses, alert types, at most {@link AlertCounters#MAX_REGIONS}
 * country prefixes), never codes or devices. The full table is in docs/OPERATIONS.md.
 *
 * <p>Concurrency: meters are thread-safe; called from every event loop, the verifier and the
 * journal syncer; {@link #transport} may be called from any thread.
 */
public final class ScanMetrics implements AutoCloseable {
    /** Transport label values. */
    public static final String HTTP = "http";
    public static final String UDP = "udp";

    /** Request latency buckets: sub-millisecond answers are the norm, seconds mean trouble. */
    private static final Duration[] REQUEST_BUCKETS = durations(
            50_000, 100_000, 250_000, 500_000, 750_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000,
            50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L);
    /** Shed decisions: microseconds when the event loop keeps up, the 1 ms line the overload acceptance is held to. */
    private static final Duration[] SHED_BUCKETS = durations(
            10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 100_000_000);
    /** fsync buckets: tens of microseconds on a write-back cache, milliseconds on real disks. */
    private static final Duration[] FSYNC_BUCKETS = durations(
            100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
            100_000_000, 250_000_000, 500_000_000, 1_000_000_000);
    private static final double[] FSYNC_BYTES_BUCKETS = {128, 512, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304};

    private final PrometheusMeterRegistry registry;
    private final ConcurrentHashMap<String, TransportMeters> transports = new ConcurrentHashMap<>();
    private final TransportMeters http;
    private final Counter publishFailures;
    private final Timer shedLatency;
    private final Timer verifierLatency;
    private final Timer fsyncLatency;
    private final DistributionSummary fsyncBytes;
    private final AlertCounters alerts;
    /** Binders that register listeners with the JVM (GC notifications): kept to be closed, else they keep the registry alive. */
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    private final RefusalLog refusals;
    private final ChannelMeters channel;

    public ScanMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.http = transport(HTTP);
        this.publishFailures = Counter.builder("scangate.ring.publish.failures")
                .description("Scans refused with 503 because the verifier ring was full")
                .register(registry);
        this.shedLatency = Timer.builder("scangate.shed.duration")
                .description("Time from a shed scan's request read (HTTP: its head decoded; UDP: its datagram) to its 503 decided on the event loop")
                .serviceLevelObjectives(SHED_BUCKETS)
                .register(registry);
        this.verifierLatency = Timer.builder("scangate.verifier.duration")
                .description("Time from a scan's decode to the verifier's verdict (ring wait + verification), before any fsync wait")
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry);
        this.fsyncLatency = Timer.builder("scangate.journal.fsync.duration")
                .description("Duration of each journal fsync (one group commit)")
                .serviceLevelObjectives(FSYNC_BUCKETS)
                .register(registry);
        this.fsyncBytes = DistributionSummary.builder("scangate.journal.fsync.bytes")
                .description("Journal bytes made durable by each fsync (group commit batch size)")
                .baseUnit("bytes")
                .serviceLevelObjectives(FSYNC_BYTES_BUCKETS)
                .register(registry);
        this.alerts = new AlertCounters(registry);
        this.refusals = new RefusalLog(registry);
        this.channel = new ChannelMeters(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bindNettyMemory();
    }

    /**
     * Unregisters the JVM listeners and closes the registry. Without it a stopped server stayed
     * reachable from the JVM's GC notification listeners (registry, gauges, their sources: the
     * ring, the verifier, its request window), some 40 MB a server: a test JVM that starts a few
     * hundred servers ran out of heap.
     */
    @Override
    public void close() {
        gcMetrics.close();
        heapPressure.close();
        registry.close();
    }

    /**
     * The meters of one transport ({@link #HTTP}, {@link #UDP}), created on first use: a
     * transport that is not running exports no series of its own.
     */
    public TransportMeters transport(final String name) {
        if (!HTTP.equals(name) && !UDP.equals(name)) {
            throw new IllegalArgumentException("transport must be '" + HTTP + "' or '" + UDP + "', was '" + name + "'");
        }
        return transports.computeIfAbsent(name, n -> new TransportMeters(registry, n));
    }

    /** An HTTP scan answered with {@code verdict}. */
    public void scan(final Verdict verdict) {
        http.scan(verdict);
    }

    /** An HTTP request answered with {@code status}. */
    public void httpStatus(final int status) {
        http.status(status);
    }

    /** An HTTP scan's time from its last byte read to its answer written. */
    public void latencyNanos(final long nanos) {
        http.latencyNanos(nanos);
    }

    /**
     * A scan refused because the ring was full, {@code nanos} after its request was read: counted,
     * timed, and logged at most once a second.
     */
    public void publishFailure(final long nanos) {
        publishFailures.increment();
        shedLatency.record(nanos, TimeUnit.NANOSECONDS);
        refusals.refused(RefusalLog.Reason.RING_FULL);
    }

    /** A scan refused for {@code reason} (503): counted, and logged at most once a second per reason. */
    public void refused(final RefusalLog.Reason reason) {
        refusals.refused(reason);
    }

    /** Verifier thread: a verdict reached {@code nanos} after the scan was decoded. */
    public void verifierNanos(final long nanos) {
        verifierLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The {@link io.scangate.verifier.verdict.Alert} bits of one answered scan from packed {@code region}. */
    public void scanAlerts(final int mask, final long region) {
        alerts.record(mask, region);
    }

    /** A role scan answered by the verifier: by {@code actor} (null: no actor has the key), {@link io.scangate.verifier.channel.Action} ordinal {@code action}. */
    public void roleScan(final io.scangate.verifier.channel.Actor actor, final int action, final io.scangate.verifier.channel.RoleOutcome outcome) {
        channel.roleScan(actor, action, outcome);
    }

    /** Registers {@code scangate_channel_actors{role}}, read from {@code book} at scrape time. */
    public void channelActors(final io.scangate.verifier.channel.ChannelBook book) {
        channel.actors(book);
    }

    /** Registers the consumers' gauges, interval histogram and event counters (docs/CONSUMERS.md), read from {@code book} at scrape time. */
    public void consumers(final io.scangate.verifier.consumer.ConsumerBook book) {
        ConsumerMeters.bind(registry, book);
    }

    /** One journal fsync of {@code bytes} that took {@code nanos}. */
    public void journalSync(final long nanos, final long bytes) {
        fsyncLatency.record(nanos, TimeUnit.NANOSECONDS);
        fsyncBytes.record(bytes);
    }

    /**
     * Registers a gauge read at scrape time. The gauge holds {@code source} strongly: Micrometer's
     * default weak reference lets a source nobody else holds (a {@code File}, say) be collected,
     * after which the gauge reads NaN.
     */
    public <T> void gauge(final String name, final String description, final T source, final ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /**
     * Registers a counter whose running total is read at scrape time. Micrometer holds
     * {@code source} weakly here (there is no strong option): pass an object the caller keeps.
     */
    public <T> void functionCounter(final String name, final String description, final T source, final ToDoubleFunction<T> total) {
        FunctionCounter.builder(name, source, total).description(description).register(registry);
    }

    /**
     * {@code scangate_farming_over_threshold{kind=device|consumer}}: devices and consumers over an
     * anti-farming threshold in the current hour (0 when {@code farming} is null: the rule is off).
     */
    public void farming(final io.scangate.verifier.verdict.FarmingRule farming) {
        final String help = "Devices and consumers over an anti-farming threshold in the current hour (their scans draw no reward)";
        Gauge.builder("scangate.farming.over.threshold", () -> farming == null ? 0 : farming.devicesOver(System.currentTimeMillis()))
                .description(help).tag("kind", "device").register(registry);
        Gauge.builder("scangate.farming.over.threshold", () -> farming == null ? 0 : farming.consumersOver(System.currentTimeMillis()))
                .description(help).tag("kind", "consumer").register(registry);
    }

    /** Pending tasks of every event loop in {@code group}, labelled {@code group} and loop index. */
    /** A TCP port's connection defences: open connections, refusals over a cap, slow and idle closes. */
    public void portGuards(final String port, final io.scangate.server.net.PortGuards guards) {
        Gauge.builder("scangate.connections.open", guards.connections(), io.scangate.server.net.ConnectionGuard::open)
                .description("TCP connections open on a port").tag("port", port).register(registry);
        Gauge.builder("scangate.connections.max", guards.limits(), l -> l.maxConnections())
                .description("TCP connections a port accepts (http.max.connections, ops.max.connections)").tag("port", port)
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("scangate.connections.closed", guards.connections(),
                        io.scangate.server.net.ConnectionGuard::refused)
                .description("Connections closed by the server's defences, by reason").tag("port", port).tag("reason", "limit")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("scangate.connections.closed", guards.closed(),
                        c -> c.slowRequests())
                .description("Connections closed by the server's defences, by reason").tag("port", port).tag("reason", "slow_request")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("scangate.connections.closed", guards.closed(),
                        c -> c.idleConnections())
                .description("Connections closed by the server's defences, by reason").tag("port", port).tag("reason", "idle")
                .register(registry);
    }

    public void eventLoops(final String groupName, final EventExecutorGroup group) {
        int i = 0;
        for (final EventExecutor executor : group) {
            if (executor instanceof SingleThreadEventExecutor loop) {
                Gauge.builder("scangate.netty.eventloop.pending.tasks", loop, SingleThreadEventExecutor::pendingTasks)
                        .description("Tasks queued on a Netty event loop (saturation: answers and wake-ups waiting to run)")
                        .tag("group", groupName).tag("loop", Integer.toString(i))
                        .register(registry);
            }
            i++;
        }
    }

    private void bindNettyMemory() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            Gauge.builder("scangate.netty.allocator.memory.used", provider, p -> p.metric().usedDirectMemory())
                    .description("Memory held by Netty's default buffer allocator").baseUnit("bytes").tag("kind", "direct")
                    .register(registry);
            Gauge.builder("scangate.netty.allocator.memory.used", provider, p -> p.metric().usedHeapMemory())
                    .description("Memory held by Netty's default buffer allocator").baseUnit("bytes").tag("kind", "heap")
                    .register(registry);
        }
        Gauge.builder("scangate.netty.direct.memory.max", PlatformDependent::maxDirectMemory)
                .description("Direct memory Netty may use (-XX:MaxDirectMemorySize or io.netty.maxDirectMemory)").baseUnit("bytes")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    private static Duration[] durations(final long... nanos) {
        final Duration[] d = new Duration[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            d[i] = Duration.ofNanos(nanos[i]);
        }
        return d;
    }

    /**
     * One transport's requests by status, scans by verdict and end-to-end latency.
     *
     * <p>Concurrency: thread-safe meters, shared by every event loop of the transport.
     */
    public static final class TransportMeters {
        /** HTTP statuses the scan port answers; anything else counts as "other". UDP uses 200 and 503 too. */
        private static final int[] STATUSES = {200, 201, 204, 400, 401, 404, 405, 409, 413, 414, 429, 431, 500, 503};

        private final Counter[] scansByVerdict;
        private final Counter[] byStatus = new Counter[600];
        private final Counter otherStatus;
        private final Timer latency;

        TransportMeters(final PrometheusMeterRegistry registry, final String transport) {
            final Verdict[] verdicts = Verdict.values();
            this.scansByVerdict = new Counter[verdicts.length];
            for (final Verdict v : verdicts) {
                scansByVerdict[v.ordinal()] = Counter.builder("scangate.scans")
                        .description("Scans answered, by transport and verdict")
                        .tag("transport", transport).tag("verdict", v.name())
                        .register(registry);
            }
            for (final int status : STATUSES) {
                byStatus[status] = Counter.builder("scangate.requests")
                        .description("Requests on the scan ports, by transport and status")
                        .tag("transport", transport).tag("status", Integer.toString(status))
                        .register(registry);
            }
            this.otherStatus = Counter.builder("scangate.requests")
                    .description("Requests on the scan ports, by transport and status")
                    .tag("transport", transport).tag("status", "other")
                    .register(registry);
            this.latency = Timer.builder("scangate.request.duration")
                    .description("Time from a scan request's last byte read to its answer written")
                    .tag("transport", transport)
                    .serviceLevelObjectives(REQUEST_BUCKETS)
                    .register(registry);
        }

        public void scan(final Verdict verdict) {
            scansByVerdict[verdict.ordinal()].increment();
        }

        public void status(final int status) {
            final Counter c = status >= 0 && status < byStatus.length ? byStatus[status] : null;
            (c != null ? c : otherStatus).increment();
        }

        public void latencyNanos(final long nanos) {
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
