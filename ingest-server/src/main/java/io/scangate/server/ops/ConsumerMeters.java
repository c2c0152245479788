package io.scangate.server.ops;

import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.LifecycleEvent;
import io.scangate.verifier.consumer.LifecycleLog;
import io.scangate.verifier.consumer.Stage;

/**
 * The consumers' meters, read from the {@link ConsumerBook}'s figures at scrape time (nothing on
 * the scan path): {@code scangate_consumers{stage}}, {@code scangate_consumer_buyers},
 * {@code scangate_consumer_repeat_buyers}, {@code scangate_consumer_repurchase_rate},
 * {@code scangate_consumer_capacity}, the histogram {@code scangate_consumer_repurchase_interval_seconds}
 * (buckets {@link ConsumerBook#INTERVAL_DAYS} in seconds: Prometheus' base unit, as promtool wants) and {@code scangate_consumer_events_total{type}}
 * counted from the durable event log. Labels are enum names only, never consumer ids.
 *
 * <p>Concurrency: registered once at start; the gauges and the collector run on the scraping
 * (ops) thread and read only the book's thread-safe figures and the log's durable part.
 */
final class ConsumerMeters {
    static final String INTERVALS = "scangate_consumer_repurchase_interval_seconds";
    private static final String INTERVALS_HELP = "Repurchase intervals (time between a consumer's purchases) seen since start, in buckets"
            + " of 1, 3, 7, 14, 30, 60, 90, 180 and 365 days; no _sum: only the bucket counts are kept";
    private static final double DAY_SECONDS = 86_400;
    private static final double[] UPPER_BOUNDS = upperBounds();

    private ConsumerMeters() {
    }

    /** Registers every consumer meter of {@code book} in {@code registry}. */
    static void bind(final PrometheusMeterRegistry registry, final ConsumerBook book) {
        for (final Stage s : Stage.values()) {
            Gauge.builder("scangate.consumers", book, b -> b.consumers(s))
                    .description("Consumers by lifecycle stage (NEW 1 purchase, REPEAT 2, LOYAL 3+, LAPSING and CHURNED by silence)")
                    .tag("stage", s.name()).strongReference(true).register(registry);
        }
        Gauge.builder("scangate.consumer.buyers", book, ConsumerBook::buyers)
                .description("Consumers with at least one purchase").strongReference(true).register(registry);
        Gauge.builder("scangate.consumer.repeat.buyers", book, ConsumerBook::repeatBuyers)
                .description("Consumers with two purchases or more, whatever their stage now").strongReference(true).register(registry);
        Gauge.builder("scangate.consumer.repurchase.rate", book, b -> ConsumerAdmin.repurchaseRate(b.buyers(), b.repeatBuyers()))
                .description("Repeat buyers / buyers (0 without buyers)").strongReference(true).register(registry);
        Gauge.builder("scangate.consumer.capacity", book, b -> b.table().capacity())
                .description("Consumer profiles the table may hold (consumers.capacity); a consumer past it is not counted")
                .strongReference(true).register(registry);
        final EventTally tally = new EventTally(book.events());
        for (final LifecycleEvent.Type t : LifecycleEvent.Type.values()) {
            // the book as the (weakly held) source, the tally kept by the function
            FunctionCounter.builder("scangate.consumer.events", book, b -> tally.count(t))
                    .description("Lifecycle events in the durable event log, by type").tag("type", t.name()).register(registry);
        }
        registry.getPrometheusRegistry().register(new IntervalCollector(book));
    }

    private static double[] upperBounds() {
        final double[] b = new double[ConsumerBook.INTERVAL_DAYS.length + 1];
        for (int i = 0; i < ConsumerBook.INTERVAL_DAYS.length; i++) {
            b[i] = ConsumerBook.INTERVAL_DAYS[i] * DAY_SECONDS;
        }
        b[b.length - 1] = Double.POSITIVE_INFINITY;
        return b;
    }

    /** The interval histogram: the book's per-bucket counts as a Prometheus classic histogram (the exposition makes them cumulative). */
    private record IntervalCollector(ConsumerBook book) implements Collector {
        @Override
        public MetricSnapshot collect() {
            return HistogramSnapshot.builder().name(INTERVALS).help(INTERVALS_HELP)
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, book.intervals())).build())
                    .build();
        }
    }

    /**
     * Lifecycle events by type, counted from the durable log: each scrape reads only the events
     * appended since the last one. The log is rebuilt from the journal at start, so the counts are
     * the log's whole history, not since start.
     *
     * <p>Concurrency: read by scrapes on the ops thread; {@link #count} is synchronized.
     */
    static final class EventTally {
        private static final int PAGE = 4096;

        private final LifecycleLog log;
        private final long[] byType = new long[LifecycleEvent.Type.values().length];
        private long counted;

        EventTally(final LifecycleLog log) {
            this.log = log;
        }

        synchronized double count(final LifecycleEvent.Type type) {
            while (true) {
                final List<LifecycleEvent> page = log.read(counted, PAGE);
                for (final LifecycleEvent e : page) {
                    if (e.type() != null) {
                        byType[e.type().ordinal()]++;
                    }
                    counted = e.eventId();
                }
                if (page.size() < PAGE) {
                    return byType[type.ordinal()];
                }
            }
        }
    }
}
